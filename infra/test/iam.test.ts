import { beforeAll, describe, expect, it } from 'vitest';
import type { Template } from 'aws-cdk-lib/assertions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { HTTP_ACTIONS, hostMarkerActionsFor, leadingKeysFor, READ_ACTIONS, READ_ONLY_AREAS, servedAlone, tableActionsFor } from '../lib/access';
import type { Area } from '../lib/areas';
import { logicalId } from '../lib/nag';
import type { LieuStack } from '../lib/stack';
import { ofType, refId, synth } from './fixture';

/**
 * Each area's table rights, as a function serving it alone would get them, and the deployed
 * functions': read-only areas read only; host markers are GetItem-only except for the area that
 * creates spaces; the Stripe webhook's function has no key of the platform realm.
 */
let stack: LieuStack;
let template: Template;
let areas: Area[];

beforeAll(async () => {
  ({ stack, template, areas } = await synth({ stage: 'dev' }, undefined, 'stack'));
});

function statementsOf(fn: lambda.Function): { Sid?: string; Action: string | string[]; Condition?: Record<string, any> }[] {
  const role = logicalId(fn.role!);
  return Object.values(ofType(template, 'AWS::IAM::Policy'))
    .filter((p) => (p.Properties!.Roles as unknown[]).some((r) => refId(r) === role))
    .flatMap((p) => p.Properties!.PolicyDocument.Statement);
}
const actions = (s: { Action: string | string[] }) => [s.Action].flat().sort();

describe('IAM per area', () => {
  it('read-only areas (feeds, public event pages, member records) get reads only; the others the actions of a request path', () => {
    const readOnly = areas.filter((a) => READ_ONLY_AREAS.has(a.name));
    expect(readOnly.map((a) => a.name).sort()).toEqual([...READ_ONLY_AREAS].sort());
    for (const a of readOnly) {
      expect(a.routes.every((r) => r.method === 'get'), a.name).toBe(true);
      expect([...tableActionsFor(servedAlone(a))].sort(), a.name).toEqual([...READ_ACTIONS].sort());
    }
    for (const a of areas.filter((x) => !READ_ONLY_AREAS.has(x.name))) expect(tableActionsFor(servedAlone(a)), a.name).toEqual(HTTP_ACTIONS);
  });

  it('host markers: GetItem only, except for the area that creates spaces and moves their domains', () => {
    for (const a of areas) {
      const expected = a.name === 'tenants' ? ['dynamodb:ConditionCheckItem', 'dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem'] : ['dynamodb:GetItem'];
      expect([...hostMarkerActionsFor(servedAlone(a))].sort(), a.name).toEqual(expected);
    }
  });

  it('the Stripe webhook function holds no platform-realm key, though Stripe posts to the platform’s address', () => {
    const webhooks = areas.find((a) => a.name === 'webhooks')!;
    expect(webhooks.routes.some((r) => r.host !== 'tenant')).toBe(true);
    expect(leadingKeysFor(servedAlone(webhooks))).not.toContain('P#*');
    const fn = stack.api.functions.get('webhooks')!;
    const text = JSON.stringify(statementsOf(fn));
    expect(text).not.toContain('"P#*"');
    const markers = statementsOf(fn).find((s) => s.Sid === 'HostMarkers')!;
    expect(actions(markers)).toEqual(['dynamodb:GetItem']);
  });

  it('the deployed api function writes host markers only because it serves the tenants area', () => {
    const fn = stack.api.functions.get('api')!;
    const markers = statementsOf(fn).find((s) => s.Sid === 'HostMarkers')!;
    expect(actions(markers)).toContain('dynamodb:PutItem');
    expect(markers.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['SLUG#*', 'DOMAIN#*'] } });
  });
});
