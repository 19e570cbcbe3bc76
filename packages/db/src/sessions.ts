import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { createHash } from 'node:crypto';
import { AppError } from '@lieu/core';
import type { Db } from './client';
import { keys, nowEpochSeconds, type Realm } from './keys';
import { isConditionFailed } from './transact';

export interface SessionRecord {
  sessionId: string;
  userId: string;
  createdAt: string;
  expiresAt: number; // epoch seconds; DynamoDB Local never deletes it, so every read checks it
}

export type TokenPurpose = 'magic_link' | 'password_reset' | 'invite' | 'signup';
export interface TokenRecord {
  purpose: TokenPurpose;
  userId?: string;
  email: string;
  role?: string;
  /** The account's version when issued: a later password reset or role change voids the link. */
  userVersion?: number;
  /** A pending sign-up: the account to create once its email is confirmed (the password already hashed). */
  name?: string;
  passwordHash?: string;
  locale?: 'fr' | 'en';
  /** Who sent an invitation: it dies if they lose the right to invite that role. */
  inviterId?: string;
  /** The inviter's account version when sent: their password reset or role change voids it. */
  inviterVersion?: number;
  expiresAt: number;
}

/**
 * A rate-limit counter's subject as stored: a digest, so that a counter keyed by an email or an
 * address keeps neither in the table (they expire, but a closed account must not linger meanwhile).
 */
const counterOf = (subject: string) => createHash('sha256').update(subject).digest('base64url').slice(0, 22);

/** Sessions, one-time tokens (magic links, password resets, invitations) and rate-limit counters. */
export const sessionsRepo = (db: Db, realm: Realm) => ({
  /** Pattern: put a session (PutItem); GSI1 groups a user's sessions for "log out everywhere". */
  async create(s: SessionRecord): Promise<void> {
    await db.doc.send(new PutCommand({
      TableName: db.table,
      Item: { ...keys.session(realm, s.sessionId), type: 'Session', GSI1PK: keys.userSessions(realm, s.userId), GSI1SK: s.sessionId, ...s },
    }));
  },

  /** Pattern: session by id (GetItem), expired ones treated as absent. */
  async get(sessionId: string, now: Date): Promise<SessionRecord | null> {
    const r = await db.doc.send(new GetCommand({ TableName: db.table, Key: keys.session(realm, sessionId) }));
    const s = r.Item as SessionRecord | undefined;
    return s && s.expiresAt > nowEpochSeconds(now) ? s : null;
  },

  async revoke(sessionId: string): Promise<void> {
    await db.doc.send(new DeleteCommand({ TableName: db.table, Key: keys.session(realm, sessionId) }));
  },

  /** Pattern: a user's sessions (Query GSI1 `…USER#id#SESSIONS`), to revoke them all. */
  async revokeAllOf(userId: string): Promise<number> {
    const r = await db.doc.send(new QueryCommand({
      TableName: db.table, IndexName: 'GSI1', KeyConditionExpression: 'GSI1PK = :p',
      ExpressionAttributeValues: { ':p': keys.userSessions(realm, userId) },
    }));
    for (const i of r.Items ?? []) await this.revoke(i.sessionId as string);
    return r.Items?.length ?? 0;
  },

  /** Pattern: put a one-time token, keyed by its SHA-256 (the raw token is never stored). */
  async putToken(tokenHash: string, t: TokenRecord): Promise<void> {
    await db.doc.send(new PutCommand({ TableName: db.table, Item: { ...keys.token(realm, tokenHash), type: 'Token', ...t } }));
  },

  /** Consumes a token exactly once: a conditional delete returns it; a second use finds nothing. */
  async consumeToken(tokenHash: string, purpose: TokenPurpose, now: Date): Promise<TokenRecord | null> {
    try {
      const r = await db.doc.send(new DeleteCommand({
        TableName: db.table, Key: keys.token(realm, tokenHash),
        ConditionExpression: 'attribute_exists(PK) AND purpose = :p AND expiresAt > :now',
        ExpressionAttributeValues: { ':p': purpose, ':now': nowEpochSeconds(now) },
        ReturnValues: 'ALL_OLD',
      }));
      return (r.Attributes as TokenRecord | undefined) ?? null;
    } catch (e) {
      if (isConditionFailed(e)) return null;
      throw e;
    }
  },

  /** Pattern: the PutItem of a session, to write it inside another transaction. */
  sessionPut(s: SessionRecord) {
    return { Put: { TableName: db.table, Item: { ...keys.session(realm, s.sessionId), type: 'Session', GSI1PK: keys.userSessions(realm, s.userId), GSI1SK: s.sessionId, ...s } } };
  },

  /** A token's PutItem, to write it inside another transaction. */
  tokenPut(tokenHash: string, t: TokenRecord) {
    return { Put: { TableName: db.table, Item: { ...keys.token(realm, tokenHash), type: 'Token', ...t } } };
  },

  /**
   * The rate-limit counter as a transaction item: the transaction fails (and the caller answers 429)
   * when the window already holds `limit` hits. Keeps a rate-limited write at one round trip.
   */
  hitItem(scope: string, subject: string, limit: number, windowSeconds: number, now: Date) {
    const t = nowEpochSeconds(now);
    const window = Math.floor(t / windowSeconds) * windowSeconds;
    return {
      Update: {
        TableName: db.table, Key: keys.rateLimit(realm, scope, counterOf(subject), window),
        UpdateExpression: 'ADD hits :one SET expiresAt = :exp, #t = :type',
        ConditionExpression: 'attribute_not_exists(hits) OR hits < :limit',
        ExpressionAttributeNames: { '#t': 'type' },
        ExpressionAttributeValues: { ':one': 1, ':exp': window + windowSeconds, ':type': 'RateLimit', ':limit': limit },
      },
    };
  },
  /**
   * Pattern: a back-off counter (GetItem): the failures recorded for a subject and the last one's
   * time. It lives under the rate-limit key with window 0 (it has no window: it ends with its expiry
   * or with a success).
   */
  async backoff(scope: string, subject: string, now: Date): Promise<{ fails: number; lastAt: number } | null> {
    const r = await db.doc.send(new GetCommand({ TableName: db.table, Key: keys.rateLimit(realm, scope, counterOf(subject), 0) }));
    const i = r.Item;
    return i && (i.expiresAt as number) > nowEpochSeconds(now) ? { fails: i.fails as number, lastAt: i.lastAt as number } : null;
  },
  /** Records one more failure for the subject (UpdateItem ADD), kept `keepSeconds` after the last. */
  async recordFailure(scope: string, subject: string, now: Date, keepSeconds: number): Promise<void> {
    const t = nowEpochSeconds(now);
    await db.doc.send(new UpdateCommand({
      TableName: db.table, Key: keys.rateLimit(realm, scope, counterOf(subject), 0),
      UpdateExpression: 'ADD fails :one SET lastAt = :t, expiresAt = :exp, #t = :type',
      ExpressionAttributeNames: { '#t': 'type' },
      ExpressionAttributeValues: { ':one': 1, ':t': t, ':exp': t + keepSeconds, ':type': 'RateLimit' },
    }));
  },
  async clearBackoff(scope: string, subject: string): Promise<void> {
    await db.doc.send(new DeleteCommand({ TableName: db.table, Key: keys.rateLimit(realm, scope, counterOf(subject), 0) }));
  },

  rateLimited(windowSeconds: number, now: Date) {
    const t = nowEpochSeconds(now);
    const retryAfterSeconds = Math.floor(t / windowSeconds) * windowSeconds + windowSeconds - t;
    return new AppError('rate_limited', 'Too many attempts; wait before trying again', { retryAfterSeconds });
  },

  /**
   * Fixed-window rate limit: one atomic ADD per attempt on a counter that expires with its window.
   * Throws 429 with Retry-After once `limit` is passed.
   */
  async hit(scope: string, subject: string, limit: number, windowSeconds: number, now: Date): Promise<void> {
    const t = nowEpochSeconds(now);
    const window = Math.floor(t / windowSeconds) * windowSeconds;
    const r = await db.doc.send(new UpdateCommand({
      TableName: db.table, Key: keys.rateLimit(realm, scope, counterOf(subject), window),
      UpdateExpression: 'ADD hits :one SET expiresAt = :exp, #t = :type',
      ExpressionAttributeNames: { '#t': 'type' },
      ExpressionAttributeValues: { ':one': 1, ':exp': window + windowSeconds, ':type': 'RateLimit' },
      ReturnValues: 'UPDATED_NEW',
    }));
    if ((r.Attributes?.hits as number) > limit) {
      const retryAfterSeconds = window + windowSeconds - t;
      throw new AppError('rate_limited', 'Too many attempts; wait before trying again', { retryAfterSeconds });
    }
  },
});
export type SessionsRepo = ReturnType<typeof sessionsRepo>;
