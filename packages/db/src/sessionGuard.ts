import { AsyncLocalStorage } from 'node:async_hooks';
import {
  BatchGetCommand, DeleteCommand, GetCommand, PutCommand, TransactWriteCommand, UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Db } from './client';
import { keys, nowEpochSeconds, type Realm } from './keys';

/**
 * A request whose session must still exist before it writes anything or answers (state changes,
 * staff reads). The check rides on what the request already sends, so that it costs no round trip
 * where one is already made:
 * - the request's first BatchGetItem carries the session's key too;
 * - its first transaction carries a ConditionCheck on the session item (atomic with the write);
 * - before a single-item write, or before answering when neither came, one consistent GetItem.
 * Revoking a session deletes its item (logout, password reset, suspension, role change, closing).
 */
interface Check {
  db: Db;
  key: { PK: string; SK: string };
  nowSec: number;
  ended: () => Error;
  done: boolean;
}

const current = new AsyncLocalStorage<Check>();
const guarded = new WeakSet<object>();

/**
 * Runs `fn` with the session `sessionId` of `realm` checked before its first write and before it
 * returns; `ended()` is the error thrown when the session is gone.
 */
export async function withSessionCheck<T>(
  db: Db, realm: Realm, sessionId: string, now: Date, ended: () => Error, fn: () => Promise<T>,
): Promise<T> {
  guard(db);
  const check: Check = { db, key: keys.session(realm, sessionId), nowSec: nowEpochSeconds(now), ended, done: false };
  let out: T;
  try {
    out = await current.run(check, fn);
  } catch (e) {
    // An error answer says something too (a rule broken, a record there): only to a live session.
    if (!check.done) await verify(check);
    throw e;
  }
  if (!check.done) await verify(check);
  return out;
}

async function verify(c: Check): Promise<void> {
  c.done = true;
  const r = await send(c.db)(new GetCommand({ TableName: c.db.table, Key: c.key, ConsistentRead: true }));
  if (!live(r.Item, c)) throw c.ended();
}

const live = (item: Record<string, unknown> | undefined, c: Check) =>
  !!item && typeof item.expiresAt === 'number' && item.expiresAt > c.nowSec;

const sameKey = (k: Record<string, unknown> | undefined, c: Check) => !!k && k.PK === c.key.PK && k.SK === c.key.SK;

const originals = new WeakMap<object, Db['doc']['send']>();
const send = (db: Db) => originals.get(db.doc) ?? db.doc.send.bind(db.doc);

/** Wraps the document client's `send` once: outside a checked request it is the plain `send`. */
function guard(db: Db) {
  if (guarded.has(db.doc)) return;
  guarded.add(db.doc);
  const plain = db.doc.send.bind(db.doc) as (command: unknown, ...rest: unknown[]) => Promise<unknown>;
  originals.set(db.doc, plain as Db['doc']['send']);
  db.doc.send = (async (command: unknown, ...rest: unknown[]) => {
    const c = current.getStore();
    if (!c || c.done || c.db.doc !== db.doc) return plain(command, ...rest);
    if (command instanceof BatchGetCommand) return batchGet(c, command, plain);
    if (command instanceof TransactWriteCommand) return transactWrite(c, command, plain);
    if (command instanceof PutCommand || command instanceof UpdateCommand || command instanceof DeleteCommand) await verify(c);
    return plain(command, ...rest);
  }) as Db['doc']['send'];
}

type Plain = (command: unknown) => Promise<unknown>;

async function batchGet(c: Check, command: BatchGetCommand, plain: Plain) {
  const request = command.input.RequestItems?.[c.db.table];
  // A projected read would not return the session's fields; one of 100 keys has no room left.
  if (!request || request.ProjectionExpression || (request.Keys?.length ?? 0) >= 100) return plain(command);
  const asked = request.Keys?.some((k) => sameKey(k, c)) ?? false; // the caller reads the session itself (`me`)
  const sent = asked ? command : new BatchGetCommand({
    ...command.input,
    RequestItems: { ...command.input.RequestItems, [c.db.table]: { ...request, Keys: [...(request.Keys ?? []), c.key] } },
  });
  const out = await plain(sent) as { Responses?: Record<string, Record<string, unknown>[]>; UnprocessedKeys?: Record<string, { Keys?: Record<string, unknown>[] }> };
  const items = out.Responses?.[c.db.table] ?? [];
  const session = items.find((i) => sameKey(i, c));
  const unprocessed = out.UnprocessedKeys?.[c.db.table];
  const sessionLeft = unprocessed?.Keys?.some((k) => sameKey(k, c)) ?? false;
  if (session) {
    c.done = true;
    if (!live(session, c)) throw c.ended();
  } else if (!sessionLeft) {
    c.done = true;
    throw c.ended();
  }
  if (asked) return out;
  const left = unprocessed?.Keys?.filter((k) => !sameKey(k, c));
  const result = {
    ...out,
    Responses: { ...out.Responses, [c.db.table]: items.filter((i) => !sameKey(i, c)) },
    ...(unprocessed ? { UnprocessedKeys: left?.length ? { ...out.UnprocessedKeys, [c.db.table]: { ...unprocessed, Keys: left } } : withoutTable(out.UnprocessedKeys!, c.db.table) } : {}),
  };
  if (sessionLeft) await verify(c); // left unprocessed under load: asked on its own
  return result;
}

const withoutTable = (m: Record<string, unknown>, table: string) => {
  const { [table]: _drop, ...rest } = m;
  return rest;
};

async function transactWrite(c: Check, command: TransactWriteCommand, plain: Plain) {
  const items = command.input.TransactItems ?? [];
  const touches = items.some((i) => sameKey((i.Put?.Item ?? i.Update?.Key ?? i.Delete?.Key ?? i.ConditionCheck?.Key) as Record<string, unknown> | undefined, c));
  if (items.length >= 100 || touches) {
    await verify(c);
    return plain(command);
  }
  const at = items.length;
  const withSession = new TransactWriteCommand({
    ...command.input,
    TransactItems: [...items, { ConditionCheck: { TableName: c.db.table, Key: c.key, ConditionExpression: 'attribute_exists(PK)' } }],
  });
  try {
    const out = await plain(withSession);
    c.done = true;
    return out;
  } catch (err) {
    const e = err as { name?: string; CancellationReasons?: { Code?: string }[] };
    if (e.name === 'TransactionCanceledException' && Array.isArray(e.CancellationReasons)) {
      if (e.CancellationReasons[at]?.Code === 'ConditionalCheckFailed') {
        c.done = true;
        throw c.ended();
      }
      // The caller reads the reasons of its own items by position.
      e.CancellationReasons = e.CancellationReasons.slice(0, at);
    }
    throw err;
  }
}
