import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeCursor, encodeCursor, pageOf } from './pagination.ts';
import { ApiError } from './errors.ts';

describe('cursors', () => {
  it('round-trip any sort key, including non-ASCII text', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), fc.integer()), { minLength: 1, maxLength: 4 }), (key) => {
        const cursor = encodeCursor(key);
        expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
        expect(decodeCursor(cursor, key.length)).toEqual(key);
      }),
    );
  });

  it.each(['!!!', encodeCursor(['only-one']), 'eyJub3QiOiJhbiBhcnJheSJ9'])('rejects %s as invalid_query', (cursor) => {
    expect(() => decodeCursor(cursor, 2)).toThrow(ApiError);
    try {
      decodeCursor(cursor, 2);
    } catch (error) {
      expect((error as ApiError).code).toBe('invalid_query');
    }
  });

  it('pages: has_more and next_cursor only when rows remain', () => {
    const rows = [1, 2, 3];
    expect(pageOf(rows, 2, (row) => [row]).meta).toEqual({ has_more: true, next_cursor: encodeCursor([2]), limit: 2 });
    expect(pageOf(rows, 3, (row) => [row])).toEqual({ rows, meta: { has_more: false, next_cursor: null, limit: 3 } });
  });
});
