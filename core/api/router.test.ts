import { describe, expect, it } from 'vitest';
import { createRouter, defineRoute } from './router.ts';
import { ApiError } from './errors.ts';

const getMethod = defineRoute({
  key: 'GET /payout-methods/:id',
  isMutation: false,
  handler: async () => {
    throw new Error('not called');
  },
});

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof ApiError ? error.code : 'not an ApiError';
  }
  return undefined;
}

describe('router', () => {
  it('refuses to register the same route twice', () => {
    const router = createRouter();
    router.add(getMethod);
    expect(() => router.add(getMethod)).toThrow(/registered twice: GET \/payout-methods\/:id/);
  });

  it('matches uuid params and answers 404 for other ids and unknown paths, 405 for wrong methods', () => {
    const router = createRouter();
    router.add(getMethod);
    const id = '0b7c7d0e-6a53-4d0e-9d6e-5f1f3a0c2b71';
    expect(router.match('GET', `/payout-methods/${id}`).params).toEqual({ id });
    expect(codeOf(() => router.match('GET', '/payout-methods/not-a-uuid'))).toBe('not_found');
    expect(codeOf(() => router.match('GET', `/payout-methods/${id.toUpperCase()}`))).toBe('not_found');
    expect(codeOf(() => router.match('GET', '/nothing-here'))).toBe('not_found');
    expect(codeOf(() => router.match('DELETE', `/payout-methods/${id}`))).toBe('method_not_allowed');
  });
});
