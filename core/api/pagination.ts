import { ApiError } from './errors.ts';
import type { ListMeta } from './envelope.ts';

/**
 * Cursors are opaque to clients: base64url of the sort key of the last row returned. Anything
 * that does not decode to the expected shape is a 400 invalid_query, never a silent restart.
 */
export function encodeCursor(key: (string | number)[]): string {
  const json = JSON.stringify(key);
  const bytes = new TextEncoder().encode(json);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function decodeCursor(cursor: string, arity: number): (string | number)[] {
  try {
    const binary = atob(cursor.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
    const key: unknown = JSON.parse(decodeUtf8(bytes));
    if (Array.isArray(key) && key.length === arity && key.every((part) => typeof part === 'string' || typeof part === 'number')) {
      return key as (string | number)[];
    }
  } catch {
    // fall through to the error below
  }
  throw new ApiError('invalid_query', 'cursor is not valid; pass meta.next_cursor from the previous page', {
    meta: { errors: [{ path: 'cursor', message: 'not a cursor this list issued' }] },
  });
}

function decodeUtf8(bytes: Uint8Array): string {
  let encoded = '';
  for (const byte of bytes) encoded += `%${byte.toString(16).padStart(2, '0')}`;
  return decodeURIComponent(encoded);
}

/** Splits a page fetched with limit + 1 rows into the rows to return and the list meta. */
export function pageOf<T>(rows: T[], limit: number, keyOf: (row: T) => (string | number)[]): { rows: T[]; meta: ListMeta } {
  const hasMore = rows.length > limit;
  const page = hasMore ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  return {
    rows: page,
    meta: { has_more: hasMore, next_cursor: hasMore && last !== undefined ? encodeCursor(keyOf(last)) : null, limit },
  };
}
