import { createClient } from '@lieu/api';
import { Agent, fetch as undiciFetch } from 'undici';

/**
 * Node's resolver does not resolve `*.localhost` (and Node 20's fetch drops a `Host` header), so the
 * tests' HTTP client resolves every name to 127.0.0.1 itself, like Chromium and curl do. URLs are
 * then the real ones: `http://machinerie.localhost:PORT/...`.
 */
export const loopback = new Agent({
  connect: { lookup: (_host, _opts, cb) => (cb as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address: '127.0.0.1', family: 4 }]) },
  connections: 256,
});
export const localFetch = ((url: string, init?: RequestInit) => undiciFetch(url, { ...(init as object), dispatcher: loopback })) as unknown as typeof fetch;

/** A black-box HTTP session on one host; keeps the session cookie like a browser would. */
export class Browser {
  cookie: string | null = null;
  readonly baseUrl: string;
  constructor(serverUrl: string, readonly host: string) {
    const port = new URL(serverUrl).port;
    this.baseUrl = `http://${host}:${port}`;
  }

  async fetch(path: string, init: RequestInit & { json?: unknown } = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookie && !headers.has('cookie')) headers.set('cookie', this.cookie);
    let body = init.body;
    if (init.json !== undefined) { body = JSON.stringify(init.json); if (!headers.has('content-type')) headers.set('content-type', 'application/json'); }
    const { json: _j, ...rest } = init;
    const res = await localFetch(this.baseUrl + path, { ...rest, headers, body, redirect: 'manual' });
    const set = res.headers.getSetCookie().find((c) => c.startsWith('lieu_session='));
    if (set) {
      const value = set.split(';')[0]!;
      this.cookie = /Max-Age=0/i.test(set) || value === 'lieu_session=' ? null : value;
    }
    return res;
  }

  /** The typed client over this browser (same schemas as the API). */
  get api() {
    return createClient({ baseUrl: this.baseUrl, fetch: ((url: string, init: RequestInit) => this.fetch(url.slice(this.baseUrl.length), init)) as typeof fetch });
  }

  async login(email: string, password: string) {
    const res = await this.fetch('/api/v1/auth/login', { method: 'POST', json: { email, password } });
    if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${await res.text()}`);
    return this;
  }
}

export const hosts = { machinerie: 'machinerie.localhost', coloc: 'coloc.localhost', platform: 'localhost' };
export const DEMO = {
  password: 'lieu-demo-2026',
  machinerie: { owner: 'camille@machinerie.example', operator: 'hugo@machinerie.example', member: 'lea@machinerie.example', member2: 'yanis@machinerie.example' },
  coloc: { owner: 'direction@coloc.example', operator: 'accueil@coloc.example', member: 'julie@coloc.example', member2: 'thomas@coloc.example' },
  admin: 'admin@lieu.localhost',
};

/** Fires `n` calls at once and returns their results (for race tests). */
export async function race<T>(n: number, fire: (i: number) => Promise<T>): Promise<T[]> {
  return Promise.all(Array.from({ length: n }, (_, i) => fire(i)));
}
