import * as z from 'zod/mini';
import { emailSchema, localeSchema, passwordSchema, personNameSchema, publicUserSchema, roleSchema } from '@lieu/core';
import { okSchema } from './common';
import { defineSpec } from './spec';

const tokenSchema = z.string().check(z.minLength(20), z.maxLength(200));
const sessionResponse = z.object({ user: publicUserSchema });

export const signupMember = defineSpec({
  operationId: 'signupMember', method: 'post', path: '/api/v1/auth/signup', tags: ['auth'],
  summary: 'Ask for a member account on this space: a confirmation link goes to the email (or, when it already has an account, a note saying so); the answer is the same either way',
  host: 'tenant', access: 'public', status: 202,
  body: z.object({ name: personNameSchema, email: emailSchema, password: passwordSchema, locale: z.optional(localeSchema) }),
  response: okSchema, errors: [429],
});

export const confirmSignup = defineSpec({
  operationId: 'confirmSignup', method: 'post', path: '/api/v1/auth/signup/confirm', tags: ['auth'],
  summary: 'Create the account from a sign-up confirmation token (valid once, 24 hours) and sign in', host: 'tenant', access: 'public', status: 201,
  body: z.object({ token: tokenSchema }),
  response: sessionResponse, errors: [401, 409, 429],
});

export const login = defineSpec({
  operationId: 'login', method: 'post', path: '/api/v1/auth/login', tags: ['auth'],
  summary: 'Sign in with email and password (rate-limited per email and per IP)', host: 'any', access: 'public',
  body: z.object({ email: emailSchema, password: z.string().check(z.minLength(1), z.maxLength(200)) }),
  response: sessionResponse, errors: [401, 429],
});

export const logout = defineSpec({
  operationId: 'logout', method: 'post', path: '/api/v1/auth/logout', tags: ['auth'],
  summary: 'End this session', host: 'any', access: 'public', response: okSchema,
});

export const me = defineSpec({
  operationId: 'me', method: 'get', path: '/api/v1/auth/me', tags: ['auth'],
  summary: 'Who is signed in (checks the session is still valid)', host: 'any', access: 'session',
  response: z.object({ user: publicUserSchema, realm: z.string() }), errors: [401],
});

export const requestMagicLink = defineSpec({
  operationId: 'requestMagicLink', method: 'post', path: '/api/v1/auth/magic-link', tags: ['auth'],
  summary: 'Email a one-time sign-in link (answers the same whether or not the email is known)', host: 'any', access: 'public',
  body: z.object({ email: emailSchema }), response: okSchema, status: 202, errors: [429],
});

export const verifyMagicLink = defineSpec({
  operationId: 'verifyMagicLink', method: 'post', path: '/api/v1/auth/magic-link/verify', tags: ['auth'],
  summary: 'Sign in with a magic-link token (valid once, 15 minutes)', host: 'any', access: 'public',
  body: z.object({ token: tokenSchema }), response: sessionResponse, errors: [401],
});

export const requestPasswordReset = defineSpec({
  operationId: 'requestPasswordReset', method: 'post', path: '/api/v1/auth/password-reset', tags: ['auth'],
  summary: 'Email a password-reset link (answers the same whether or not the email is known)', host: 'any', access: 'public',
  body: z.object({ email: emailSchema }), response: okSchema, status: 202, errors: [429],
});

export const confirmPasswordReset = defineSpec({
  operationId: 'confirmPasswordReset', method: 'post', path: '/api/v1/auth/password-reset/confirm', tags: ['auth'],
  summary: 'Set a new password with a reset token (valid once, 1 hour); ends other sessions', host: 'any', access: 'public',
  body: z.object({ token: tokenSchema, password: passwordSchema }), response: sessionResponse, errors: [401],
});

export const invite = defineSpec({
  operationId: 'invite', method: 'post', path: '/api/v1/invitations', tags: ['auth'],
  summary: 'Invite someone by email (operators invite members; owners invite operators and owners)', host: 'tenant', access: 'operator',
  body: z.object({ email: emailSchema, name: z.optional(personNameSchema), role: z._default(roleSchema, 'member') }),
  response: okSchema, status: 202, errors: [401, 403, 409, 429],
});

export const acceptInvitation = defineSpec({
  operationId: 'acceptInvitation', method: 'post', path: '/api/v1/invitations/accept', tags: ['auth'],
  summary: 'Accept an invitation: create the account with the invited role and sign in', host: 'tenant', access: 'public', status: 201,
  body: z.object({ token: tokenSchema, name: personNameSchema, password: passwordSchema }),
  response: sessionResponse, errors: [401, 409],
});
