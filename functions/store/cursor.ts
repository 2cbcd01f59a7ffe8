import * as z from '#domain/zod.ts';
import { invalid } from '#domain/errors.ts';

type Key = Record<string, string>;

const StoredKey = z.record(z.string(), z.string());

/** The position after the last item of a page, opaque to clients. */
export const encodeCursor = (lastKey: Record<string, unknown> | undefined): string | undefined =>
  lastKey ? Buffer.from(JSON.stringify(lastKey)).toString('base64url') : undefined;

const sameNames = (key: Key, names: readonly string[]) => {
  const present = Object.keys(key);
  return present.length === names.length && names.every((name) => present.includes(name));
};

/**
 * A cursor is client input: it must decode to a key of the very query it continues
 * (`belongs`), or DynamoDB would be asked to start in somebody else's partition, and hold
 * exactly that query's key attributes (`names`), or DynamoDB refuses it (a 500, not a 400).
 */
export function decodeCursor(cursor: string | undefined, names: readonly string[], belongs: (key: Key) => boolean): Key | undefined {
  if (cursor === undefined) return undefined;
  let key: Key | undefined;
  try {
    key = StoredKey.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    key = undefined;
  }
  if (!key || !sameNames(key, names) || !belongs(key)) throw invalid('Curseur de pagination invalide : repartez de la première page.');
  return key;
}
