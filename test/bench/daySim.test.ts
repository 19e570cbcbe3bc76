import { describe, expect, it } from 'vitest';
import { FunctionPool, shapeOf, simulate, weekday } from './daySim';
import { DAY } from './cost';

const MIN = 60_000;

describe('the cold-start simulation', () => {
  it('an environment serves one request at a time: a second request while the first runs starts another (cold)', () => {
    const pool = new FunctionPool(300, 5 * MIN);
    expect(pool.serve(0, 100)).toBe(300); // first ever: cold
    expect(pool.serve(50, 100)).toBe(300); // the first is still in its init: a second environment
    expect(pool.serve(1_000, 100)).toBe(0); // both free again: warm
    expect(pool.created).toBe(2);
    expect(pool.peak).toBe(2);
  });

  it('an environment idle for the reclaim time is gone; one used just before it is kept', () => {
    const pool = new FunctionPool(300, 5 * MIN);
    pool.serve(0, 100); // busy until 400
    expect(pool.serve(400 + 5 * MIN - 1, 100)).toBe(0);
    const last = 400 + 5 * MIN - 1 + 100;
    expect(pool.serve(last + 5 * MIN, 100)).toBe(300); // idle exactly the reclaim time: reclaimed
    expect(pool.live).toBe(1);
    const patient = new FunctionPool(300, 15 * MIN);
    patient.serve(0, 100);
    expect(patient.serve(400 + 10 * MIN, 100)).toBe(0); // a 15-minute reclaim keeps it through 10 idle minutes
  });

  it('a free environment is reused most recently used first, so the others can idle out', () => {
    const pool = new FunctionPool(100, 5 * MIN);
    pool.serve(0, 50); pool.serve(10, 50); // two environments
    // One request a minute for ten minutes: one environment serves them all, the other is reclaimed.
    for (let m = 1; m <= 10; m++) expect(pool.serve(m * MIN, 50)).toBe(0);
    expect(pool.live).toBe(1);
  });

  it('the day is seeded: the same seed gives the same arrivals, in time order, with the mix\'s counts', () => {
    const shape = shapeOf(DAY);
    const a = weekday(shape, 2, 7), b = weekday(shape, 2, 7);
    expect(a).toEqual(b);
    expect(a.every((x, i) => i === 0 || a[i - 1]!.t <= x.t)).toBe(true);
    const count = (route: string) => a.filter((x) => x.route === route).length;
    expect(count('tenant')).toBe(2 * DAY.tenant!);
    expect(count('login')).toBe(2 * DAY.login!);
    expect(weekday(shape, 1, 8)).not.toEqual(weekday(shape, 1, 7));
  });

  it('one function for everything meets fewer cold starts than one per request type', () => {
    const day = weekday(shapeOf(DAY), 1, 1);
    const run = (functionOf: (r: string) => string) => simulate(day, { functionOf, initMs: () => 250, serviceMs: () => 50, idleMs: 5 * MIN });
    const one = run(() => 'api'), split = run((r) => r);
    expect(one.coldStarts).toBeLessThan(split.coldStarts);
    expect(one.coldShare).toBeCloseTo((100 * one.coldStarts) / day.length);
    expect(one.p50).toBe(0);
  });
});
