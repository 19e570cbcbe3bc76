import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../support/http';
import { createTestEnv, type TestEnv } from '../support/env';
import { at, book, json, NOW, resourceNamed, signIn } from './support';

/**
 * Staff booking a machine for a member who lacks its training are told so about the member (not
 * "you are not qualified"), and may book anyway with a reason, which the audit log keeps.
 */
let env: TestEnv;
beforeAll(async () => { env = await createTestEnv(); env.setNow(NOW); });
afterAll(async () => { await env?.close(); });

describe('staff booking for an untrained member', () => {
  it('is refused with a staff message naming the member and the training, then booked with a reason and audited', async () => {
    const [hugo, sophie, camille] = await Promise.all([
      signIn(env, 'machinerie', DEMO.machinerie.operator), signIn(env, 'machinerie', 'sophie@machinerie.example'),
      signIn(env, 'machinerie', DEMO.machinerie.owner),
    ]);
    const laser = await resourceNamed(hugo, 'Découpeuse laser');
    const sophieId = (await json(await sophie.fetch('/api/v1/auth/me'))).user.id as string;
    const body = { resourceId: laser.id, memberId: sophieId, start: at('14:00'), end: at('14:30') };

    const refused = await book(hugo, body);
    expect(refused.status).toBe(422);
    const error = (await json(refused)).error;
    expect(error).toMatchObject({ reason: 'member_not_qualified', params: { training: 'Découpe laser — bases', resource: 'Découpeuse laser' } });
    expect(error.params.member).toMatch(/Sophie/);

    // A member cannot use the override for themselves.
    expect((await book(sophie, { resourceId: laser.id, start: at('15:00'), end: at('15:30'), overrideReason: 'I know the machine' })).status).toBe(403);

    const booked = await book(hugo, { ...body, overrideReason: 'Formée dans un autre fab lab, vérifié sur place' });
    expect(booked.status).toBe(201);
    expect(await json(booked)).toMatchObject({ memberId: sophieId, resourceName: 'Découpeuse laser' });

    const audit = await json(await camille.fetch(`/api/v1/audit?action=booking.&targetId=${sophieId}`));
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0]).toMatchObject({ action: 'booking.training_overridden', targetId: sophieId });
    expect(audit.items[0].summary).toContain('Formée dans un autre fab lab, vérifié sur place');
  });
});
