import * as z from 'zod/mini';
import { localeSchema, memberCategorySchema, notificationsSchema, personNameSchema, publicUserSchema, roleSchema, passwordSchema, userStatusSchema } from '@lieu/core';
import { idSchema, okSchema, pageOf, pageQuery } from './common';
import { defineSpec } from './spec';

/** A row of the back office's member list: the person, their price category and their plan. */
export const memberRowSchema = z.extend(publicUserSchema, {
  category: memberCategorySchema,
  plan: z.nullable(z.object({ id: z.string(), name: z.string(), status: z.string() })),
});

export const listMembers = defineSpec({
  operationId: 'listMembers', method: 'get', path: '/api/v1/members', tags: ['members'],
  summary: "The space's people, newest first, with their category and plan; filters read `limit` people and keep the matching ones, so a page may be short while `nextCursor` says there is more (staff)",
  host: 'tenant', access: 'operator',
  query: z.object({
    ...pageQuery.def.shape,
    q: z.optional(z.string().check(z.trim(), z.maxLength(120))),
    status: z.optional(userStatusSchema),
    category: z.optional(memberCategorySchema),
    planId: z.optional(idSchema),
    trainingId: z.optional(idSchema),
  }),
  response: pageOf(memberRowSchema), errors: [401, 403],
});

export const getMember = defineSpec({
  operationId: 'getMember', method: 'get', path: '/api/v1/members/:memberId', tags: ['members'],
  summary: 'One person of the space (staff)', host: 'tenant', access: 'operator',
  params: z.object({ memberId: idSchema }), response: publicUserSchema, errors: [401, 403, 404],
});

export const updateMember = defineSpec({
  operationId: 'updateMember', method: 'patch', path: '/api/v1/members/:memberId', tags: ['members'],
  summary: 'Suspend or reactivate a person (staff); change a role (owners)', host: 'tenant', access: 'operator',
  params: z.object({ memberId: idSchema }),
  body: z.object({ status: z.optional(z.enum(['active', 'suspended'])), role: z.optional(roleSchema) }),
  response: publicUserSchema, errors: [401, 403, 404, 409, 422],
});

export const updateProfile = defineSpec({
  operationId: 'updateProfile', method: 'patch', path: '/api/v1/me', tags: ['members'],
  summary: 'Update my profile', host: 'tenant', access: 'session',
  body: z.object({
    name: z.optional(personNameSchema),
    locale: z.optional(localeSchema),
    phone: z.optional(z.nullable(z.string().check(z.regex(/^\+?[0-9 .()-]{6,20}$/, 'A phone number')))),
    notifications: z.optional(z.partial(notificationsSchema)),
  }),
  response: publicUserSchema, errors: [401, 409],
});

export const exportMyData = defineSpec({
  operationId: 'exportMyData', method: 'get', path: '/api/v1/me/export', tags: ['members'],
  summary: 'Everything this space holds about me, as JSON (GDPR art. 15 and 20)', host: 'tenant', access: 'session',
  response: z.object({ exportedAt: z.string(), space: z.object({ name: z.string(), slug: z.string() }), profile: publicUserSchema, records: z.record(z.string(), z.array(z.unknown())) }),
  errors: [401],
});

export const closeMyAccount = defineSpec({
  operationId: 'closeMyAccount', method: 'post', path: '/api/v1/me/close', tags: ['members'],
  summary: 'Close my account: personal data erased, money records kept without my name (GDPR art. 17)', host: 'tenant', access: 'session',
  body: z.object({ password: z.optional(passwordSchema), confirm: z.literal('CLOSE') }),
  response: okSchema, errors: [401, 403, 422],
});
