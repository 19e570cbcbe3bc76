import { createClient } from '@lieu/api';
import { Agent, fetch as undiciFetch } from 'undici';
import { checkAgainstOpenApi } from './openapiCheck';

/**
 * Node's resolver does not resolve `*.localhost` (and Node 20's fetch drops a `Host` header), so the
 * tests' HTTP client resolves every name to 127.0.0.1 itself, like Chromium and curl do. URLs are
 * then the real ones: `http://machinerie.localhost:PORT/...`.
 */
export const loopback = new Agent({
  connect: { lookup: (_host, _opts, cb) => (cb as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address: '127.0.0.1', family: 4 }]) },
  connections: 256,
});
const rawFetch = ((url: string, init?: RequestInit) => undiciFetch(url, { ...(init as object), dispatcher: loopback })) as unknown as typeof fetch;
/** Fetch over loopback; every API answer is checked against the served OpenAPI document. */
export const localFetch = (async (url: string, init?: RequestInit) => {
  const res = await rawFetch(url, init);
  await checkAgainstOpenApi(String(url), init?.method ?? 'GET', res, rawFetch);
  return res;
}) as typeof fetch;

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
    // What a browser adds on its own: Origin on a request that may change state, Sec-Fetch-Site on
    // every request. A test passes '' to leave one out (an old browser, a forged request).
    const method = (init.method ?? 'GET').toUpperCase();
    if (method !== 'GET' && method !== 'HEAD' && !headers.has('origin')) headers.set('origin', this.baseUrl);
    if (!headers.has('sec-fetch-site')) headers.set('sec-fetch-site', 'same-origin');
    for (const h of ['origin', 'sec-fetch-site']) if (headers.get(h) === '') headers.delete(h);
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

  /** The tokens of the links mailed to `to` on this host (dev mailbox) whose path is `path`, newest first. */
  async mailedTokens(to: string, path: string): Promise<string[]> {
    const { emails } = await (await this.fetch('/api/v1/dev/mailbox')).json() as { emails: { to: string; text: string }[] };
    return emails.filter((m) => m.to === to.toLowerCase()).flatMap((m) => [...m.text.matchAll(/https?:\/\/\S+/g)].map((u) => new URL(u[0])))
      .filter((u) => u.pathname === path && u.searchParams.get('token')).map((u) => u.searchParams.get('token')!);
  }

  /**
   * Signs up as a new member the way a person does: the form (202), then the link mailed to the
   * address. Answers the confirmation's response (201 and signed in), or the form's if it failed.
   */
  async signUp(body: { name: string; email: string; password: string; locale?: 'fr' | 'en' }): Promise<Response> {
    const asked = await this.fetch('/api/v1/auth/signup', { method: 'POST', json: body });
    if (asked.status !== 202) return asked;
    const [token] = await this.mailedTokens(body.email, '/signup');
    if (!token) throw new Error(`no sign-up confirmation mailed to ${body.email}`);
    return this.fetch('/api/v1/auth/signup/confirm', { method: 'POST', json: { token } });
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

/**
 * A raw HTTP request that reads the answer even when the server answers before the upload ends
 * (as a 413 does): the body goes in chunks and sending stops as soon as a response arrives.
 * undici's fetch reports an early answer as a socket error; browsers and curl do not.
 */
export async function rawRequest(url: string, init: { method: string; headers: Record<string, string>; body: string }): Promise<{ status: number; body: string }> {
  const { request } = await import('node:http');
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = request({ agent: false, host: '127.0.0.1', port: u.port, path: u.pathname + u.search, method: init.method, headers: { host: u.host, 'content-length': String(Buffer.byteLength(init.body)), ...init.headers } }, (res) => {
      answered = true;
      let body = '';
      res.on('data', (d: Buffer) => { body += d.toString(); });
      res.on('end', () => { resolve({ status: res.statusCode ?? 0, body }); req.destroy(); });
    });
    req.on('error', (e) => { if (!answered) reject(e); });
    const data = Buffer.from(init.body);
    const send = async () => {
      for (let i = 0; i < data.length && !answered; i += 65536) {
        if (!req.write(data.subarray(i, i + 65536))) await new Promise((r) => req.once('drain', r));
      }
      if (!answered) req.end();
    };
    send().catch(() => {});
  });
}
