/**
 * A weekday of request arrivals and the Lambda environments that serve them, for the cold-start
 * bench (coldstarts.ts). Pure and seeded: the same seed gives the same day, so a topology's figures
 * move only when the topology (or a bundle's start) does.
 */

/** Mulberry32: a small seeded PRNG, uniform in [0, 1). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Arrival {
  /** Milliseconds since the day's midnight (local time of the spaces). */
  t: number;
  /** A request type of the measured mix (cost.ts's DAY). */
  route: string;
}

const MIN = 60_000, HOUR = 60 * MIN;

/**
 * Relative traffic per hour of a third place's weekday: nearly nothing at night, opening around 8,
 * a lunch peak, the evening peak of the fab lab and after-work members, closing at 22.
 */
export const HOURLY = [0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.4, 1.5, 4, 6, 6, 6.5, 9, 8.5, 6, 6, 6.5, 7.5, 9, 9, 5, 3, 1, 0.4];

/** What a page load of the portal asks, in two waves: the first together, the second once the first list is back. */
export interface PageKind { weight: number; first: string[]; then?: string[] }

/** The shape of one space's day: page loads (each resolving the space and the session) and single actions. */
export interface DayShape {
  pageLoads: number;
  pages: PageKind[];
  /** Requests sent alone (a form), count a day. */
  actions: Record<string, number>;
  /** Page loads of one kind packed into the minutes after an event opens for registration. */
  burst?: { page: number; loads: number; minutes: number };
}

/** The measured mix of a 300-member space (cost.ts's DAY) as page loads and actions. */
export function shapeOf(day: Record<string, number>): DayShape {
  const pageLoads = day.tenant!;
  const pages: PageKind[] = [
    { weight: day.my_bookings!, first: ['my_bookings'] },
    { weight: day.resources!, first: ['resources'], then: Array(Math.round(day.availability! / day.resources!)).fill('availability') },
    { weight: day.shop_catalogue!, first: ['shop_catalogue'] },
    { weight: day.events!, first: ['events'] },
    { weight: day.billing_me!, first: ['billing_me'] },
  ];
  const listed = pages.reduce((s, p) => s + p.weight, 0);
  pages.push({ weight: Math.max(0, pageLoads - listed), first: [] }); // pages that need only the space and the session
  const actions: Record<string, number> = {};
  for (const k of ['login', 'create_booking', 'cancel_booking', 'place_order']) if (day[k]) actions[k] = day[k]!;
  // A third of the event listing's views come in the 10 minutes after an event opens.
  return { pageLoads, pages, actions, burst: { page: 3, loads: Math.round(day.events! / 3), minutes: 10 } };
}

/** A time of day drawn from HOURLY, shifted by `shiftMs` (spaces open a little earlier or later). */
function timeOfDay(r: () => number, shiftMs: number): number {
  const total = HOURLY.reduce((a, b) => a + b, 0);
  let x = r() * total, h = 0;
  while (h < 23 && x >= HOURLY[h]!) x -= HOURLY[h++]!;
  return Math.min(24 * HOUR - 1, Math.max(0, h * HOUR + r() * HOUR + shiftMs));
}

/**
 * One space's weekday. Members come in sessions of 1–5 page loads, 5–60 s apart; each page load asks
 * the space and the session together with the page's own list (0–20 ms apart: the browser sends them
 * at once), and a booking page then asks three days of availability together, 100–200 ms later.
 */
export function spaceDay(shape: DayShape, seed: number): Arrival[] {
  const r = rng(seed);
  const out: Arrival[] = [];
  const shift = (r() - 0.5) * HOUR;
  const totalWeight = shape.pages.reduce((s, p) => s + p.weight, 0);
  const pick = () => {
    let x = r() * totalWeight, i = 0;
    while (i < shape.pages.length - 1 && x >= shape.pages[i]!.weight) x -= shape.pages[i++]!.weight;
    return i;
  };
  const load = (t: number, kind: PageKind) => {
    for (const route of ['tenant', 'me', ...kind.first]) out.push({ t: t + r() * 20, route });
    const then = t + 100 + r() * 100;
    for (const route of kind.then ?? []) out.push({ t: then + r() * 10, route });
  };
  const burst = shape.burst;
  let loads = shape.pageLoads - (burst?.loads ?? 0);
  while (loads > 0) {
    let t = timeOfDay(r, shift);
    const n = Math.min(loads, 1 + Math.floor(r() * 5));
    for (let i = 0; i < n; i++, t += 5_000 + r() * 55_000) load(t, shape.pages[pick()]!);
    loads -= n;
  }
  if (burst) {
    // An event opens at a round hour between 10 and 19; interest decays over the following minutes.
    const opens = (10 + Math.floor(r() * 10)) * HOUR + shift;
    for (let i = 0; i < burst.loads; i++) load(opens - Math.log(1 - r()) * (burst.minutes * MIN) / 3, shape.pages[burst.page]!);
  }
  for (const [route, n] of Object.entries(shape.actions)) for (let i = 0; i < n; i++) out.push({ t: timeOfDay(r, shift), route });
  return out;
}

/** `spaces` spaces' weekdays merged, in time order (space i drawn from seed + i). */
export function weekday(shape: DayShape, spaces: number, seed: number): Arrival[] {
  const all: Arrival[] = [];
  for (let i = 0; i < spaces; i++) for (const a of spaceDay(shape, seed * 1000 + i)) all.push(a);
  return all.sort((a, b) => a.t - b.t);
}

/** One Lambda function's execution environments: each serves one request at a time. */
export class FunctionPool {
  /** When each live environment is (or was last) busy until. */
  private busyUntil: number[] = [];
  created = 0;
  peak = 0;

  constructor(readonly initMs: number, readonly idleMs: number) {}

  /**
   * A request arriving at `t` that takes `serviceMs` once running: served by the most recently used
   * free environment (as Lambda tends to, leaving the others to idle out), else by a new one after
   * its init. Environments idle for `idleMs` are reclaimed first. Returns the latency added (init, or 0).
   */
  serve(t: number, serviceMs: number): number {
    this.busyUntil = this.busyUntil.filter((b) => b > t || t - b < this.idleMs);
    let best = -1;
    for (let i = 0; i < this.busyUntil.length; i++) {
      const b = this.busyUntil[i]!;
      if (b <= t && (best < 0 || b > this.busyUntil[best]!)) best = i;
    }
    if (best >= 0) { this.busyUntil[best] = t + serviceMs; return 0; }
    this.busyUntil.push(t + this.initMs + serviceMs);
    this.created++;
    this.peak = Math.max(this.peak, this.busyUntil.length);
    return this.initMs;
  }

  get live(): number { return this.busyUntil.length; }
}

export interface SimResult {
  requests: number;
  coldStarts: number;
  /** Share of requests that met a cold start, in percent. */
  coldShare: number;
  p50: number; p95: number; p99: number;
  /** Environments started over the day (all functions). */
  environments: number;
  /** Sum over functions of each one's most environments alive at once. */
  peakEnvironments: number;
}

/**
 * Replays `arrivals` on a topology: `functionOf(route)` names the function serving a request type,
 * `initMs(fn)` its cold start, `serviceMs(route)` a warm request's duration, `idleMs` the reclaim.
 */
export function simulate(arrivals: Arrival[], opts: { functionOf: (route: string) => string; initMs: (fn: string) => number; serviceMs: (route: string) => number; idleMs: number }): SimResult {
  const pools = new Map<string, FunctionPool>();
  const added: number[] = [];
  let cold = 0;
  for (const a of arrivals) {
    const fn = opts.functionOf(a.route);
    let pool = pools.get(fn);
    if (!pool) pools.set(fn, (pool = new FunctionPool(opts.initMs(fn), opts.idleMs)));
    const ms = pool.serve(a.t, opts.serviceMs(a.route));
    if (ms > 0) cold++;
    added.push(ms);
  }
  added.sort((x, y) => x - y);
  const q = (p: number) => (added.length ? added[Math.min(added.length - 1, Math.floor(p * added.length))]! : 0);
  const pv = [...pools.values()];
  return {
    requests: arrivals.length, coldStarts: cold, coldShare: arrivals.length ? (100 * cold) / arrivals.length : 0,
    p50: q(0.5), p95: q(0.95), p99: q(0.99),
    environments: pv.reduce((s, p) => s + p.created, 0), peakEnvironments: pv.reduce((s, p) => s + p.peak, 0),
  };
}
