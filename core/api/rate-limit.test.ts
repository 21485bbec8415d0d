import { describe, expect, it } from 'vitest';
import { fixedClock } from '../domain/clock.ts';
import { createRateLimiter } from './rate-limit.ts';
import type { ApiError } from './errors.ts';

function refusal(fn: () => void): ApiError | null {
  try {
    fn();
    return null;
  } catch (error) {
    return error as ApiError;
  }
}

describe('rate limiter', () => {
  it('allows the burst, refuses the next request with Retry-After until the minute turns', () => {
    const clock = fixedClock('2026-05-01T10:00:15.000Z');
    const limiter = createRateLimiter(clock, { perMinute: 3, perDay: 100 });
    for (let i = 0; i < 3; i++) expect(refusal(() => limiter.take('k'))).toBeNull();
    const error = refusal(() => limiter.take('k'));
    expect(error?.code).toBe('rate_limit_exceeded');
    expect(error?.status).toBe(429);
    expect(error?.headers['Retry-After']).toBe('45');
    expect(refusal(() => limiter.take('other key'))).toBeNull();
    clock.set('2026-05-01T10:01:00.000Z');
    expect(refusal(() => limiter.take('k'))).toBeNull();
  });

  it('enforces the daily quota across minutes and resets at midnight UTC', () => {
    const clock = fixedClock('2026-05-01T23:58:00.000Z');
    const limiter = createRateLimiter(clock, { perMinute: 100, perDay: 2 });
    limiter.take('k');
    clock.advance(60_000);
    limiter.take('k');
    const error = refusal(() => limiter.take('k'));
    expect(error?.code).toBe('rate_limit_exceeded');
    expect(error?.headers['Retry-After']).toBe('60');
    clock.set('2026-05-02T00:00:00.000Z');
    expect(refusal(() => limiter.take('k'))).toBeNull();
  });
});
