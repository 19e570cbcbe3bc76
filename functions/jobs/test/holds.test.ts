import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { bookingKeys, bookingsRepo, tenantsRepo } from '@lieu/db';
import { createTestEnv, type TestEnv } from '../../../test/support/env';
import { DEMO, type Browser } from '../../../test/support/http';
import { NOW, at, book, json, signIn } from '../../../test/bookings/support';
import { createJobHandler } from '../scheduled';
import { lambdaContext, scheduledEvent } from './records';

let env: TestEnv;
let lea: Browser;
let tenantId: string;
let roomId: string;

beforeAll(async () => {
  env = await createTestEnv();
  env.setNow(NOW);
  lea = await signIn(env, 'machinerie', DEMO.machinerie.member);
  tenantId = (await tenantsRepo(env.db).idBySlug('machinerie'))!;
  const rooms = await bookingsRepo(env.db, tenantId, 'Europe/Paris').listResources();
  roomId = rooms.find((r) => r.name === 'Salle Somme')!.id;
});
afterAll(async () => { await env?.close(); });

const stored = async (id: string) =>
  (await env.db.doc.send(new GetCommand({ TableName: env.db.table, Key: bookingKeys.booking(tenantId, id), ConsistentRead: true }))).Item!;

describe('expire-holds', () => {
  it('cancels expired holds (reason hold_expired), leaves live holds and confirmed bookings, and a second run changes nothing', async () => {
    const expired = await json(await book(lea, { resourceId: roomId, start: at('09:00'), end: at('10:00'), hold: true }));
    const confirmed = await json(await book(lea, { resourceId: roomId, start: at('10:00'), end: at('11:00') }));
    expect(expired).toMatchObject({ status: 'held' });
    env.setNow(new Date(NOW.getTime() + 20 * 60_000)); // past the first hold's expiry
    const live = await json(await book(lea, { resourceId: roomId, start: at('11:00'), end: at('12:00'), hold: true }));
    expect(live).toMatchObject({ status: 'held' });

    const runAt = new Date(NOW.getTime() + 25 * 60_000);
    const handler = createJobHandler(() => env.db);
    const first = await handler(scheduledEvent('expire-holds', runAt), lambdaContext('jobs'));
    expect(first).toMatchObject({ job: 'expire-holds', examined: 2, changed: 1 });
    expect(await stored(expired.id)).toMatchObject({ status: 'cancelled', cancelReason: 'hold_expired', version: 2 });
    expect(await stored(live.id)).toMatchObject({ status: 'held', version: 1 });
    expect(await stored(confirmed.id)).toMatchObject({ status: 'confirmed', version: 1 });

    const snapshot = JSON.stringify([await stored(expired.id), await stored(live.id), await stored(confirmed.id)]);
    expect(await handler(scheduledEvent('expire-holds', runAt), lambdaContext('jobs'))).toMatchObject({ changed: 0 });
    expect(JSON.stringify([await stored(expired.id), await stored(live.id), await stored(confirmed.id)])).toBe(snapshot);

    // The member's own view agrees with the stored item.
    expect(await json(await lea.fetch(`/api/v1/bookings/${expired.id}`))).toMatchObject({ status: 'cancelled', cancelReason: 'hold_expired' });
  });
});
