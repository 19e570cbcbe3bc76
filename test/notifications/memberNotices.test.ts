import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../support/env';
import { DEMO, type Browser } from '../support/http';
import { NOW, at, book, json, resourceNamed, signIn } from '../bookings/support';

/**
 * A member's other emails, each written to the outbox with the change it tells of, in the member's
 * language (else the space's), in the space's brand (an escaped HTML part beside the text): event
 * registration and waitlist promotion (with the event's .ics), a payment received at the desk (its
 * receipt's number and amount), a training's qualification granted, a shop order ready to collect.
 * Each kind can be turned off from the member's profile.
 */
let env: TestEnv;
let hugo: Browser;
beforeAll(async () => {
  env = await createTestEnv();
  env.setNow(NOW);
  hugo = await signIn(env, 'machinerie', DEMO.machinerie.operator);
  // The demo consignors' agreements start on the day the space was seeded: start them before this file's clock.
  for (const c of (await json(await hugo.fetch('/api/v1/shop/consignors'))).items as { memberId: string }[]) {
    const res = await hugo.fetch(`/api/v1/shop/consignors/${c.memberId}`, { method: 'PUT', json: { startDate: '2026-01-01', payout: { method: 'cash' } } });
    expect(res.status, await res.clone().text()).toBe(200);
  }
});
afterAll(async () => { await env?.close(); });

interface Mail { to: string; subject: string; text: string; html?: string; attachments?: { filename: string; contentType: string; content: string }[] }
const mailbox = async (b: Browser, to: string) =>
  ((await json(await b.fetch('/api/v1/dev/mailbox'))).emails as Mail[]).filter((m) => m.to === to);
const post = (b: Browser, path: string, body: unknown = {}) => b.fetch(path, { method: 'POST', json: body });
/** A product on sale with stock left, as a member's shop lists it. */
const onSale = async (b: Browser) => ((await json(await b.fetch('/api/v1/shop/products'))).items as { id: string; title: string; available: number }[])
  .find((p) => p.available > 1)!;
const idOf = async (b: Browser) => (await json(await b.fetch('/api/v1/auth/me'))).user.id as string;

function attachedEvent(m: Mail, filename: string) {
  expect(m.attachments).toHaveLength(1);
  const file = m.attachments![0]!;
  expect(file.filename).toBe(filename);
  expect(file.contentType).toMatch(/^text\/calendar/);
  const cal = new ICAL.Component(ICAL.parse(Buffer.from(file.content, 'base64').toString('utf8')));
  const [v] = cal.getAllSubcomponents('vevent');
  const e = new ICAL.Event(v!);
  return { uid: e.uid, summary: e.summary, start: e.startDate.toJSDate().toISOString(), end: e.endDate.toJSDate().toISOString(), status: v!.getFirstPropertyValue('status') };
}

async function event(title: string, over: Record<string, unknown> = {}) {
  const res = await post(hugo, '/api/v1/events', {
    title, description: 'Atelier', start: at('18:00'), end: at('20:00'), capacity: 10, audience: 'public', price: { cents: 0 }, tags: [], published: true, ...over,
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await json(res)).items[0] as { id: string; start: string; end: string };
}

describe('event emails', () => {
  it("a member's registration puts one confirmation in French with the event's .ics, in the space's brand", async () => {
    const lea = await signIn(env, 'machinerie', DEMO.machinerie.member);
    const e = await event('Atelier vélo');
    const res = await post(lea, `/api/v1/public/events/${e.id}/register`);
    expect(res.status, await res.clone().text()).toBe(201);
    const reg = (await json(res)).registration;
    const mails = (await mailbox(lea, DEMO.machinerie.member)).filter((m) => m.subject === 'Inscription confirmée : Atelier vélo');
    expect(mails).toHaveLength(1);
    expect(attachedEvent(mails[0]!, 'evenement.ics')).toMatchObject({
      uid: `${reg.id}@machinerie.lieu`, summary: 'Atelier vélo — La Machinerie', status: 'CONFIRMED',
      start: new Date(e.start).toISOString(), end: new Date(e.end).toISOString(),
    });
    // The HTML part: the space's name, its colour, its address and the link to the member's choices.
    const html = mails[0]!.html!;
    expect(html).toContain('La Machinerie');
    expect(html).toMatch(/background:#[0-9a-fA-F]{6}/);
    expect(html).toMatch(/href="http:\/\/machinerie\.localhost(:\d+)?\/account"/);
    expect(html).toContain('Choisir les emails que vous recevez');
    expect(html).toContain('Atelier vélo');
  });

  it('a waitlisted member who chose English gets one English email when a place frees up, with the .ics', async () => {
    const [sophie, yanis] = await Promise.all([signIn(env, 'machinerie', 'sophie@machinerie.example'), signIn(env, 'machinerie', DEMO.machinerie.member2)]);
    expect((await sophie.fetch('/api/v1/me', { method: 'PATCH', json: { locale: 'en' } })).status).toBe(200);
    const e = await event('Soirée jeux', { capacity: 1 });
    expect((await post(yanis, `/api/v1/public/events/${e.id}/register`)).status).toBe(201);
    const waiting = await json(await post(sophie, `/api/v1/public/events/${e.id}/register`));
    expect(waiting.registration.status).toBe('waitlisted');
    expect((await mailbox(sophie, 'sophie@machinerie.example')).map((m) => m.subject)).toContain('Waitlist: Soirée jeux');
    expect((await post(yanis, `/api/v1/events/${e.id}/my-registration/cancel`)).status, 'cancel').toBe(200);
    const mails = (await mailbox(sophie, 'sophie@machinerie.example')).filter((m) => m.subject.startsWith('A place freed up'));
    expect(mails.map((m) => m.subject)).toEqual(['A place freed up: Soirée jeux']);
    expect(mails[0]!.html).toContain('Choose which emails you receive');
    expect(attachedEvent(mails[0]!, 'event.ics')).toMatchObject({ uid: `${waiting.registration.id}@machinerie.lieu`, start: new Date(e.start).toISOString() });
    expect((await sophie.fetch('/api/v1/me', { method: 'PATCH', json: { locale: 'fr' } })).status).toBe(200);
  });
});

describe('payment, qualification and order emails', () => {
  it('a pass paid at the desk puts exactly one email naming the receipt number and the amount', async () => {
    const lea = await signIn(env, 'machinerie', DEMO.machinerie.member);
    const pass = (await json(await lea.fetch('/api/v1/billing/catalogue'))).passes[0];
    const payment = await json(await post(lea, '/api/v1/billing/purchases', { kind: 'pass', id: pass.id }));
    expect(payment.status).toBe('pending');
    expect((await mailbox(lea, DEMO.machinerie.member)).filter((m) => m.subject.startsWith('Votre reçu'))).toEqual([]);
    const rec = await post(hugo, `/api/v1/billing/members/${payment.memberId}/payments/${payment.id}/record`, { method: 'cash' });
    expect(rec.status, await rec.clone().text()).toBe(200);
    const { receipt } = await json(rec);
    const mails = (await mailbox(lea, DEMO.machinerie.member)).filter((m) => m.subject.startsWith('Votre reçu'));
    expect(mails.map((m) => m.subject)).toEqual([`Votre reçu ${receipt.number} — La Machinerie`]);
    const amount = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(receipt.totalCents / 100);
    expect(mails[0]!.text).toContain(`Nous avons bien reçu votre paiement de ${amount}`);
    expect(mails[0]!.text).toContain(`Votre reçu n° ${receipt.number} : http`);
  });

  it('a shop order paid at the desk sends its receipt once, then one "ready" email when staff mark it ready, none when collected', async () => {
    const lea = await signIn(env, 'machinerie', DEMO.machinerie.member);
    const item = await onSale(lea);
    const placed = await post(lea, '/api/v1/shop/orders', { lines: [{ productId: item.id, quantity: 1 }], pay: 'desk' });
    expect(placed.status, await placed.clone().text()).toBe(201);
    const { order } = await json(placed);
    const paid = await json(await post(hugo, `/api/v1/shop/orders/${order.id}/pay`, { method: 'cash' }));
    const receipts = (await mailbox(lea, DEMO.machinerie.member)).filter((m) => m.subject === `Votre reçu ${paid.receipt.number} — La Machinerie`);
    expect(receipts).toHaveLength(1);
    expect((await post(hugo, `/api/v1/shop/orders/${order.id}/status`, { status: 'ready' })).status).toBe(200);
    expect((await post(hugo, `/api/v1/shop/orders/${order.id}/status`, { status: 'collected' })).status).toBe(200);
    const ready = (await mailbox(lea, DEMO.machinerie.member)).filter((m) => m.subject.startsWith('Votre commande est prête'));
    expect(ready).toHaveLength(1);
    expect(ready[0]!.text).toContain(`- ${item.title} × 1`);
    expect(ready[0]!.text).toMatch(/Vos commandes : http:\/\/machinerie\.localhost(:\d+)?\/shop\/orders/);
  });

  it('a training granted by staff puts one "qualification granted" email', async () => {
    const sophie = await signIn(env, 'machinerie', 'sophie@machinerie.example');
    const training = ((await json(await hugo.fetch('/api/v1/trainings'))).items as { id: string; name: string }[]).find((t) => t.name === 'Découpe laser — bases')!;
    const granted = await post(hugo, `/api/v1/members/${await idOf(sophie)}/qualifications`, { trainingId: training.id });
    expect(granted.status, await granted.clone().text()).toBe(201);
    const mails = (await mailbox(sophie, 'sophie@machinerie.example')).filter((m) => m.subject.startsWith('Formation validée'));
    expect(mails.map((m) => m.subject)).toEqual(['Formation validée : Découpe laser — bases']);
  });
});

describe('a training session attended', () => {
  it('the first check-in of a training session tells the member once; a second check-in sends nothing more', async () => {
    const sophie = await signIn(env, 'machinerie', 'sophie@machinerie.example');
    const training = ((await json(await hugo.fetch('/api/v1/trainings'))).items as { id: string; name: string }[]).find((t) => t.name === 'Impression 3D 101')!;
    const session = await event('Formation impression 3D', { trainingId: training.id, start: at('14:00', '2026-12-10'), end: at('16:00', '2026-12-10'), audience: 'members' });
    const reg = (await json(await post(sophie, `/api/v1/public/events/${session.id}/register`))).registration;
    const checkIn = `/api/v1/events/${session.id}/registrations/${reg.id}/check-in`;
    env.setNow(new Date(Date.parse(at('13:50', '2026-12-10'))));
    try {
      expect((await post(hugo, checkIn)).status).toBe(200);
      expect((await post(hugo, checkIn)).status).toBe(200);
    } finally { env.setNow(NOW); }
    const mails = (await mailbox(sophie, 'sophie@machinerie.example')).filter((m) => m.subject === 'Formation validée : Impression 3D 101');
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain('vous pouvez désormais réserver les machines qui la demandent');
  });
});

describe('choices and escaping', () => {
  it('a member who turns these kinds off gets none of them', async () => {
    const yanis = await signIn(env, 'machinerie', DEMO.machinerie.member2);
    const off = { eventRegistered: false, eventPromoted: false, paymentReceived: false, qualificationGranted: false, orderReady: false };
    const patched = await yanis.fetch('/api/v1/me', { method: 'PATCH', json: { notifications: off } });
    expect(patched.status, await patched.clone().text()).toBe(200);
    expect((await json(patched)).notifications).toEqual({ bookingConfirmed: true, bookingCancelled: true, bookingMoved: true, ...off });
    const before = (await mailbox(yanis, DEMO.machinerie.member2)).length;

    const e = await event('Atelier couture');
    expect((await post(yanis, `/api/v1/public/events/${e.id}/register`)).status).toBe(201);
    const pass = (await json(await yanis.fetch('/api/v1/billing/catalogue'))).passes[0];
    const payment = await json(await post(yanis, '/api/v1/billing/purchases', { kind: 'pass', id: pass.id }));
    expect((await post(hugo, `/api/v1/billing/members/${payment.memberId}/payments/${payment.id}/record`, { method: 'cash' })).status).toBe(200);
    const training = ((await json(await hugo.fetch('/api/v1/trainings'))).items as { id: string }[])[0]!;
    expect((await post(hugo, `/api/v1/members/${payment.memberId}/qualifications`, { trainingId: training.id })).status).toBe(201);
    const { order } = await json(await post(yanis, '/api/v1/shop/orders', { lines: [{ productId: (await onSale(yanis)).id, quantity: 1 }], pay: 'desk' }));
    expect((await post(hugo, `/api/v1/shop/orders/${order.id}/pay`, { method: 'cash' })).status).toBe(200);
    expect((await post(hugo, `/api/v1/shop/orders/${order.id}/status`, { status: 'ready' })).status).toBe(200);

    const after = await mailbox(yanis, DEMO.machinerie.member2);
    expect(after.slice(0, after.length - before).map((m) => m.subject)).toEqual([]);
  });

  it('values written into the HTML part are escaped: no markup from a title or a reason gets in', async () => {
    const lea = await signIn(env, 'machinerie', DEMO.machinerie.member);
    const e = await event('<script>alert("x")</script> & co');
    expect((await post(lea, `/api/v1/public/events/${e.id}/register`)).status).toBe(201);
    const room = await resourceNamed(lea, 'Salle Somme');
    const made = await json(await book(lea, { resourceId: room.id, start: at('10:00', '2026-12-15'), end: at('11:00', '2026-12-15') }));
    expect(made.status).toBe('confirmed');
    expect((await post(hugo, `/api/v1/bookings/${made.id}/cancel`, { reason: '<img src=x onerror=alert(1)>' })).status).toBe(200);
    const mails = await mailbox(lea, DEMO.machinerie.member);
    const reg = mails.find((m) => m.subject.startsWith('Inscription confirmée : <script>'))!;
    expect(reg.html).not.toMatch(/<script/i);
    expect(reg.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co');
    // The plain-text part keeps the words as written.
    expect(reg.text).toContain('<script>alert("x")</script> & co');
    const cancelled = mails.find((m) => m.subject.startsWith('Réservation annulée') && m.text.includes('15 décembre'))!;
    expect(cancelled.html).not.toContain('<img');
    expect(cancelled.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it("the space's own name, logo address and address are escaped in the layout too", async () => {
    const camille = await signIn(env, 'machinerie', DEMO.machinerie.owner);
    const tenant = await json(await camille.fetch('/api/v1/tenant'));
    const res = await camille.fetch('/api/v1/tenant', { method: 'PATCH', json: {
      name: 'Atelier <script>alert(1)</script>',
      branding: { ...tenant.branding, logoUrl: 'https://example.org/logo.png?"><script>alert(2)</script>' },
      address: { line1: '1 rue <b>Haute</b>', postalCode: '80000', city: 'Amiens', country: 'FR' },
      version: tenant.version,
    } });
    expect(res.status, await res.clone().text()).toBe(200);
    const lea = await signIn(env, 'machinerie', DEMO.machinerie.member);
    const e = await event('Atelier final');
    expect((await post(lea, `/api/v1/public/events/${e.id}/register`)).status).toBe(201);
    const mail = (await mailbox(lea, DEMO.machinerie.member)).find((m) => m.subject === 'Inscription confirmée : Atelier final')!;
    expect(mail.html).not.toMatch(/<script|<b>/i);
    expect(mail.html).toContain('Atelier &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(mail.html).toContain('src="https://example.org/logo.png?&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;"');
    expect(mail.html).toContain('1 rue &lt;b&gt;Haute&lt;/b&gt;, 80000 Amiens');
  });
});
