import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '@lieu/db';
import { JOBS } from '../../functions/jobs/jobs';
import { Browser, DEMO, hosts } from '../support/http';
import { createTestEnv, testNow, type TestEnv } from '../support/env';

let env: TestEnv;
let colocOwner: Browser, machinerieOwner: Browser;
beforeAll(async () => {
  env = await createTestEnv();
  [colocOwner, machinerieOwner] = await Promise.all([
    new Browser(env.url, hosts.coloc).login(DEMO.coloc.owner, DEMO.password),
    new Browser(env.url, hosts.machinerie).login(DEMO.machinerie.owner, DEMO.password),
  ]);
});
afterAll(async () => { await env?.close(); });

type Settings = { slug: string; customDomain?: string; domainStatus?: string; domainVerification?: { recordName: string; recordValue: string; result?: string } };
const setDomain = async (owner: Browser, customDomain: string | null): Promise<Settings> => {
  const res = await owner.fetch('/api/v1/tenant', { method: 'PATCH', json: { customDomain } });
  expect(res.status).toBe(200);
  return res.json() as Promise<Settings>;
};
const verifyNow = async (staff: Browser): Promise<Settings> => {
  const res = await staff.fetch('/api/v1/tenant/domain/verify', { method: 'POST' });
  expect(res.status).toBe(200);
  return res.json() as Promise<Settings>;
};
/** Publishes TXT records for the local resolver (the dev DNS), as a domain's owner would in theirs. */
const publishTxt = async (name: string, txt: string[]) => {
  expect((await new Browser(env.url, hosts.platform).fetch('/api/v1/dev/dns', { method: 'PUT', json: { name, txt } })).status).toBe(200);
};
/** Which space a host serves: its slug, or the status when none. */
const servedBy = async (host: string): Promise<string | number> => {
  const res = await new Browser(env.url, host).fetch('/api/v1/tenant');
  return res.status === 200 ? ((await res.json()) as { slug: string }).slug : res.status;
};
const runJob = () => JOBS['verify-domains']!.run({ db: env.db, now: testNow(), dns: env.deps.dns });

describe('custom domains need proof of control', () => {
  it('a domain just set is pending, gets the TXT record to publish, and does not route', async () => {
    const s = await setDomain(colocOwner, 'coworking.coloc-amiens.fr');
    expect(s.domainStatus).toBe('pending');
    expect(s.domainVerification).toMatchObject({ recordName: '_lieu-verify.coworking.coloc-amiens.fr', recordValue: expect.stringMatching(/^lieu-verify=[0-9a-f]{32}$/) });
    expect(await servedBy('coworking.coloc-amiens.fr')).toBe(404);
    // Staff read the same on the settings page.
    const read = await (await colocOwner.fetch('/api/v1/tenant/settings')).json() as Settings;
    expect(read.domainVerification?.recordValue).toBe(s.domainVerification!.recordValue);
  });

  it('a TXT record with a wrong token verifies nothing, by hand or by the job', async () => {
    await publishTxt('_lieu-verify.coworking.coloc-amiens.fr', ['lieu-verify=0123456789abcdef0123456789abcdef', 'v=spf1 -all']);
    const s = await verifyNow(colocOwner);
    expect(s).toMatchObject({ domainStatus: 'pending', domainVerification: { result: 'record_not_found' } });
    expect((await runJob()).changed).toBe(0);
    expect(await servedBy('coworking.coloc-amiens.fr')).toBe(404);
  });

  it('once its TXT record carries the space\'s token, "verify now" makes the domain route to it, and links use it', async () => {
    const { domainVerification } = await (await colocOwner.fetch('/api/v1/tenant/settings')).json() as Settings;
    await publishTxt(domainVerification!.recordName, [domainVerification!.recordValue]);
    const s = await verifyNow(colocOwner);
    expect(s.domainStatus).toBe('verified');
    expect(s.domainVerification).toBeUndefined();
    expect(await servedBy('coworking.coloc-amiens.fr')).toBe('coloc');
    // Absolute links now name the verified domain (an invitation's link).
    const invited = 'nouvelle@coloc.example';
    expect((await colocOwner.fetch('/api/v1/invitations', { method: 'POST', json: { email: invited, role: 'member' } })).status).toBeLessThan(300);
    const { emails } = await (await colocOwner.fetch('/api/v1/dev/mailbox')).json() as { emails: { to: string; text: string }[] };
    const link = emails.find((m) => m.to === invited)!.text.match(/https?:\/\/\S+/)![0];
    expect(new URL(link).hostname).toBe('coworking.coloc-amiens.fr');
  });

  it('the scheduled job verifies a pending domain whose record is published; a second run changes nothing', async () => {
    const s = await setDomain(machinerieOwner, 'fablab.machinerie.example');
    expect(await servedBy('fablab.machinerie.example')).toBe(404);
    await publishTxt(s.domainVerification!.recordName, [s.domainVerification!.recordValue]);
    expect((await runJob()).changed).toBe(1);
    expect(await servedBy('fablab.machinerie.example')).toBe('machinerie');
    expect((await runJob()).changed).toBe(0);
  });

  it('a space that sets a domain another space holds does not get it, even with its own record, until the holder releases it', async () => {
    // La Machinerie asks for La Coloc's verified domain and publishes its own token beside La Coloc's.
    const s = await setDomain(machinerieOwner, 'coworking.coloc-amiens.fr');
    expect(s.domainStatus).toBe('pending');
    expect(await servedBy('coworking.coloc-amiens.fr')).toBe('coloc');
    const { domainVerification: coloc } = await (await colocOwner.fetch('/api/v1/tenant/settings')).json() as Settings & { domainVerification?: unknown };
    expect(coloc).toBeUndefined();
    await publishTxt(s.domainVerification!.recordName, [s.domainVerification!.recordValue]);
    expect(await verifyNow(machinerieOwner)).toMatchObject({ domainStatus: 'pending', domainVerification: { result: 'domain_taken' } });
    expect((await runJob()).changed).toBe(0);
    expect(await servedBy('coworking.coloc-amiens.fr')).toBe('coloc');
    // La Machinerie's old domain was released when it asked for another: it serves nobody now.
    expect(await servedBy('fablab.machinerie.example')).toBe(404);
    // La Coloc lets go: the domain serves nobody, then La Machinerie's record claims it.
    await setDomain(colocOwner, null);
    expect(await servedBy('coworking.coloc-amiens.fr')).toBe(404);
    expect((await verifyNow(machinerieOwner)).domainStatus).toBe('verified');
    expect(await servedBy('coworking.coloc-amiens.fr')).toBe('machinerie');
    // La Coloc cannot take it back by asking again: pending, and its check finds it taken.
    const again = await setDomain(colocOwner, 'coworking.coloc-amiens.fr');
    await publishTxt(s.domainVerification!.recordName, [s.domainVerification!.recordValue, again.domainVerification!.recordValue]);
    expect(await verifyNow(colocOwner)).toMatchObject({ domainStatus: 'pending', domainVerification: { result: 'domain_taken' } });
    expect(await servedBy('coworking.coloc-amiens.fr')).toBe('machinerie');
  });

  it('a domain marker the space has not verified (one written before verification existed) serves nothing', async () => {
    const { id } = await (await colocOwner.fetch('/api/v1/tenant')).json() as { id: string };
    await env.db.doc.send(new PutCommand({ TableName: env.db.table, Item: { ...keys.domain('ancien.coloc.example'), type: 'DomainMarker', tenantId: id } }));
    expect(await servedBy('ancien.coloc.example')).toBe(404);
    // Such a domain, stored with no verification state, saved again by its owner starts its verification.
    await env.db.doc.send(new UpdateCommand({ TableName: env.db.table, Key: keys.tenant(id), UpdateExpression: 'SET customDomain = :d REMOVE domainStatus, domainCheck', ExpressionAttributeValues: { ':d': 'ancien.coloc.example' } }));
    const s = await setDomain(colocOwner, 'ancien.coloc.example');
    expect(s.domainStatus).toBe('pending');
    await publishTxt(s.domainVerification!.recordName, [s.domainVerification!.recordValue]);
    expect((await verifyNow(colocOwner)).domainStatus).toBe('verified');
    expect(await servedBy('ancien.coloc.example')).toBe('coloc');
  });
});
