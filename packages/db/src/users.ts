import { BatchGetCommand, GetCommand, QueryCommand, type BatchGetCommandOutput } from '@aws-sdk/lib-dynamodb';
import { conflict, notFound, type User } from '@lieu/core';
import type { Db } from './client';
import { decodeCursor, encodeCursor, type Page } from './cursor';
import { keys, type Realm } from './keys';
import { commit, WriteSet, type transact } from './transact';

const strip = (item: Record<string, unknown>): User => {
  const { PK: _a, SK: _b, GSI1PK: _c, GSI1SK: _d, type: _e, ...rest } = item;
  return rest as unknown as User;
};

/** The transaction items that create a user and claim its email (unique per realm). */
export function userPutItems(db: Db, realm: Realm, user: User) {
  return [
    { Put: { TableName: db.table, Item: userItem(realm, user), ConditionExpression: 'attribute_not_exists(PK)' } },
    {
      Put: {
        TableName: db.table,
        Item: { ...keys.email(realm, user.email!), type: 'EmailMarker', userId: user.id },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
  ];
}

function userItem(realm: Realm, u: User) {
  return { ...keys.user(realm, u.id), type: 'User', GSI1PK: keys.userList(realm), GSI1SK: `${u.createdAt}#${u.id}`, ...u };
}

export const emailTaken = () =>
  conflict('An account already exists with this email', { rule: 'email_taken', fields: [{ path: 'email', message: 'Already registered' }] });

export const usersRepo = (db: Db, realm: Realm) => ({
  /** Pattern: user by id (GetItem). */
  async get(userId: string): Promise<User | null> {
    const r = await db.doc.send(new GetCommand({ TableName: db.table, Key: keys.user(realm, userId) }));
    return r.Item ? strip(r.Item) : null;
  },

  /** Pattern: user by email within the realm (GetItem on the email marker, then on the user). */
  async getByEmail(email: string): Promise<User | null> {
    const m = await db.doc.send(new GetCommand({ TableName: db.table, Key: keys.email(realm, email) }));
    const id = m.Item?.userId as string | undefined;
    return id ? this.get(id) : null;
  },

  /** Creates a user; the email marker makes a second account with the same email a 409. */
  async create(user: User, extra: Parameters<typeof transact>[1] = []): Promise<void> {
    const [account, marker] = userPutItems(db, realm, user);
    const set = new WriteSet().add('user', account!).add('email', marker!).add('extra', ...extra);
    await commit(db, set, (failed) => (failed.has('email') ? emailTaken() : conflict('The account could not be created; try again')));
  },

  /** Replaces a user under optimistic locking; moves the email marker when the email changes. */
  async update(before: User, after: User, extra: Parameters<typeof transact>[1] = []): Promise<User> {
    const next: User = { ...after, version: before.version + 1 };
    const set = new WriteSet().add('user',
      { Put: { TableName: db.table, Item: userItem(realm, next), ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': before.version } } });
    if (before.email !== after.email) {
      if (before.email) set.add('old-email', { Delete: { TableName: db.table, Key: keys.email(realm, before.email) } });
      if (after.email) set.add('email', { Put: { TableName: db.table, Item: { ...keys.email(realm, after.email), type: 'EmailMarker', userId: after.id }, ConditionExpression: 'attribute_not_exists(PK)' } });
    }
    set.add('extra', ...extra);
    await commit(db, set, (failed) =>
      failed.has('user')
        ? conflict('The account was changed meanwhile; reload and try again', { rule: 'stale_version' })
        : failed.has('email') ? emailTaken() : conflict('The account could not be saved; try again'),
    );
    return next;
  },

  /** Pattern: the realm's users, newest first (Query GSI1 `…USERS`). */
  async list(limit: number, cursor?: string): Promise<Page<User>> {
    const partition = keys.userList(realm);
    const r = await db.doc.send(new QueryCommand({
      TableName: db.table, IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :p', ExpressionAttributeValues: { ':p': partition },
      ScanIndexForward: false, Limit: limit, ExclusiveStartKey: decodeCursor(partition, cursor),
    }));
    return { items: (r.Items ?? []).map(strip), nextCursor: encodeCursor(partition, r.LastEvaluatedKey) };
  },

  /** Pattern: a session and its user in one round trip (BatchGetItem), for `me`. */
  async getWithSession(userId: string, sessionId: string): Promise<{ user: User | null; session: Record<string, unknown> | null }> {
    const uk = keys.user(realm, userId);
    const sk = keys.session(realm, sessionId);
    const items: Record<string, unknown>[] = [];
    let request: Record<string, { Keys: Record<string, unknown>[] }> | undefined = { [db.table]: { Keys: [uk, sk] } };
    // BatchGetItem may leave keys unprocessed under load: ask again for those (rarely a second trip).
    for (let attempt = 0; request && attempt < 4; attempt++) {
      const r: BatchGetCommandOutput = await db.doc.send(new BatchGetCommand({ RequestItems: request }));
      items.push(...(r.Responses?.[db.table] ?? []));
      const left: Record<string, unknown>[] | undefined = r.UnprocessedKeys?.[db.table]?.Keys;
      request = left?.length ? { [db.table]: { Keys: left } } : undefined;
    }
    const user = items.find((i) => i.PK === uk.PK);
    const session = items.find((i) => i.PK === sk.PK);
    return { user: user ? strip(user) : null, session: session ?? null };
  },

  async mustGet(userId: string): Promise<User> {
    const u = await this.get(userId);
    if (!u) throw notFound('Member');
    return u;
  },
});
export type UsersRepo = ReturnType<typeof usersRepo>;
