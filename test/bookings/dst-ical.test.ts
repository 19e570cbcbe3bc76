import ICAL from 'ical.js';
import nodeIcal from 'node-ical';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, DEMO, hosts } from '../support/http';
import { createTestEnv, type TestEnv } from '../support/env';
import { book, json, resourceNamed, signIn, type Resource } from './support';

let env: TestEnv;
let lea: Browser, yanis: Browser, hugo: Browser;
let allDay: Resource;
const ALL_DAY = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ open: '00:00', close: '24:00' }]]));

beforeAll(async () => {
  env = await createTestEnv();
  env.setNow(new Date('2026-10-20T08:00:00Z'));
  [lea, yanis, hugo] = await Promise.all([
    signIn(env, 'machinerie', DEMO.machinerie.member), signIn(env, 'machinerie', DEMO.machinerie.member2), signIn(env, 'machinerie', DEMO.machinerie.operator),
  ]);
  const created = await hugo.fetch('/api/v1/resources', {
    method: 'POST',
    json: { kind: 'desk', name: 'Poste 24/7', rules: { slotMinutes: 30, minMinutes: 30, maxMinutes: 120, hours: ALL_DAY, maxDaysAhead: 730 } },
  });
  expect(created.status).toBe(201);
  allDay = await json<Resource>(created);
});
afterAll(async () => { await env?.close(); });

const slotsOf = async (date: string) =>
  (await json(await lea.fetch(`/api/v1/resources/${allDay.id}/availability?date=${date}`))).days[0].slots as Array<{ localStart: string; start: string; free: boolean }>;

describe('DST in Europe/Paris', () => {
  it('the last Sunday of March has 46 half-hour slots and none at 02:xx', async () => {
    const slots = await slotsOf('2027-03-28');
    expect(slots).toHaveLength(46);
    expect(slots.filter((s) => s.localStart.startsWith('2027-03-28T02:'))).toEqual([]);
    expect(slots.slice(3, 5).map((s) => s.localStart)).toEqual(['2027-03-28T01:30:00+01:00', '2027-03-28T03:00:00+02:00']);
  });

  it('the last Sunday of October offers both 02:30s; each can be booked once, and only once', async () => {
    const slots = await slotsOf('2026-10-25');
    expect(slots).toHaveLength(50);
    const twoThirty = slots.filter((s) => s.localStart.startsWith('2026-10-25T02:30'));
    expect(twoThirty.map((s) => s.localStart)).toEqual(['2026-10-25T02:30:00+02:00', '2026-10-25T02:30:00+01:00']);
    const first = { resourceId: allDay.id, start: '2026-10-25T02:30:00+02:00', end: '2026-10-25T03:00:00+02:00' };
    const second = { resourceId: allDay.id, start: '2026-10-25T02:30:00+01:00', end: '2026-10-25T03:00:00+01:00' };
    expect((await book(yanis, first)).status).toBe(201);
    expect((await book(yanis, second)).status).toBe(201);
    expect((await book(lea, first)).status).toBe(409);
    expect((await book(lea, second)).status).toBe(409);
    const after = await slotsOf('2026-10-25');
    expect(after.filter((s) => !s.free).map((s) => s.start)).toEqual(['2026-10-25T00:30:00.000Z', '2026-10-25T01:30:00.000Z']);
  });

  it('a weekly series keeps its local time across the change (10:00 is 08:00Z, then 09:00Z)', async () => {
    const res = await lea.fetch('/api/v1/bookings/recurring', {
      method: 'POST', json: { resourceId: allDay.id, start: '2026-10-21T10:00:00+02:00', end: '2026-10-21T11:00:00+02:00', weeks: 2, mode: 'all_or_nothing' },
    });
    expect(res.status).toBe(201);
    const body = await json(res);
    expect(body.booked.map((b: { start: string }) => b.start)).toEqual(['2026-10-21T08:00:00.000Z', '2026-10-28T09:00:00.000Z']);
    expect(body.booked.map((b: { localStart: string }) => b.localStart)).toEqual(['2026-10-21T10:00:00+02:00', '2026-10-28T10:00:00+01:00']);
  });
});

/**
 * Parses a feed with two independent parsers, ical.js and node-ical, and reads its events as
 * instants; both must agree. The feed writes UTC instants (no TZID: a local time cannot tell the two
 * 02:30s of an autumn night apart), so no VTIMEZONE is needed to read it right.
 */
function parseFeed(text: string) {
  const cal = new ICAL.Component(ICAL.parse(text));
  const events = cal.getAllSubcomponents('vevent').map((v) => {
    const e = new ICAL.Event(v);
    return { uid: e.uid, summary: e.summary, start: e.startDate.toJSDate().toISOString(), end: e.endDate.toJSDate().toISOString(), utc: e.startDate.zone?.tzid === 'UTC', status: v.getFirstPropertyValue('status'), description: e.description };
  });
  type Vevent = { type: string; uid: string; start: Date; end: Date };
  const other = (Object.values(nodeIcal.sync.parseICS(text)) as unknown as Vevent[]).flatMap((c) => (c?.type === 'VEVENT' ? [c] : []))
    .map((e) => ({ uid: e.uid, start: new Date(e.start).toISOString(), end: new Date(e.end).toISOString() }));
  expect(other, 'node-ical reads the same instants').toEqual(events.map((e) => ({ uid: e.uid, start: e.start, end: e.end })));
  return { events, zone: cal.getFirstPropertyValue('x-wr-timezone') };
}

describe('iCal feeds (RFC 5545, checked with ical.js and node-ical)', () => {
  it("a member's secret feed lists their bookings at the right instants, on both sides of a DST change", async () => {
    const feed = await lea.fetch('/api/v1/me/calendar-feed', { method: 'POST' });
    expect(feed.status).toBe(201);
    const { url } = await json<{ url: string }>(feed);
    const path = new URL(url).pathname;
    const anon = new Browser(env.url, hosts.machinerie);
    const res = await anon.fetch(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/calendar/);
    const { zone, events } = parseFeed(await res.text());
    expect(zone).toBe('Europe/Paris');
    const mine = events.filter((e) => e.summary.startsWith('Poste 24/7')).map((e) => [e.start, e.end, e.utc]);
    expect(mine).toEqual([
      ['2026-10-21T08:00:00.000Z', '2026-10-21T09:00:00.000Z', true],
      ['2026-10-28T09:00:00.000Z', '2026-10-28T10:00:00.000Z', true],
    ]);
    expect(events.every((e) => e.status === 'CONFIRMED')).toBe(true);
    // Words in the space's language, never a raw status code.
    expect(events.map((e) => e.description).filter((d) => /confirmed|checked_in|no_show|cancelled/.test(d ?? ''))).toEqual([]);
  });

  it('a booking across the repeated autumn hour (02:30 summer time to 02:30 winter time) keeps its hour in the feed', async () => {
    const bis = await json<Resource>(await hugo.fetch('/api/v1/resources', {
      method: 'POST', json: { kind: 'desk', name: 'Poste de nuit', rules: { slotMinutes: 30, minMinutes: 30, maxMinutes: 120, hours: ALL_DAY, maxDaysAhead: 730 } },
    }));
    const made = await book(lea, { resourceId: bis.id, start: '2026-10-25T02:30:00+02:00', end: '2026-10-25T02:30:00+01:00' });
    expect(made.status, await made.clone().text()).toBe(201);
    const id = (await json(made)).id as string;
    const { url } = await json<{ url: string }>(await lea.fetch('/api/v1/me/calendar-feed', { method: 'POST' }));
    const { events } = parseFeed(await (await new Browser(env.url, hosts.machinerie).fetch(new URL(url).pathname)).text());
    const night = events.find((e) => e.uid.startsWith(id));
    expect(night).toMatchObject({ start: '2026-10-25T00:30:00.000Z', end: '2026-10-25T01:30:00.000Z', utc: true });
  });

  it('creating a new feed URL revokes the old one; revoking leaves none', async () => {
    const first = new URL((await json(await lea.fetch('/api/v1/me/calendar-feed', { method: 'POST' }))).url).pathname;
    const second = new URL((await json(await lea.fetch('/api/v1/me/calendar-feed', { method: 'POST' }))).url).pathname;
    const anon = new Browser(env.url, hosts.machinerie);
    expect((await anon.fetch(first)).status).toBe(404);
    expect((await anon.fetch(second)).status).toBe(200);
    expect((await lea.fetch('/api/v1/me/calendar-feed', { method: 'DELETE' })).status).toBe(200);
    expect((await anon.fetch(second)).status).toBe(404);
    // The token only works on its own space.
    expect((await new Browser(env.url, hosts.coloc).fetch(second)).status).toBe(404);
  });

  it("a resource's feed shows busy times and names no one", async () => {
    const laser = await resourceNamed(lea, 'Découpeuse laser');
    expect((await book(lea, { resourceId: laser.id, start: '2026-10-27T14:00:00+01:00', end: '2026-10-27T15:00:00+01:00' })).status).toBe(201);
    const res = await new Browser(env.url, hosts.machinerie).fetch(`/api/v1/calendars/resources/${laser.id}`);
    const text = await res.text();
    const { events } = parseFeed(text);
    expect(events.map((e) => [e.summary, e.start, e.end])).toEqual([['Réservé', '2026-10-27T13:00:00.000Z', '2026-10-27T14:00:00.000Z']]);
    expect(text).not.toMatch(/Léa|Martin/);
    expect((await new Browser(env.url, hosts.coloc).fetch(`/api/v1/calendars/resources/${laser.id}`)).status).toBe(404);
  });
});
