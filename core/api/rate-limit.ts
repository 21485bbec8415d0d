import type { Clock } from '../domain/clock.ts';
import { ApiError } from './errors.ts';

type Window = { minuteStart: number; minuteCount: number; day: number; dayCount: number };

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/**
 * Per-key limits: a per-minute burst and a daily quota (UTC day). Over either, the request is
 * refused with 429 rate_limit_exceeded and a Retry-After telling when to come back.
 */
export function createRateLimiter(clock: Clock, limits: { perMinute: number; perDay: number }) {
  const windows = new Map<string, Window>();
  return {
    /** Counts one request for `key`, or throws when over a limit. */
    take(key: string): void {
      const at = clock.now().getTime();
      const minuteStart = at - (at % MINUTE_MS);
      const day = Math.floor(at / DAY_MS);
      const window = windows.get(key) ?? { minuteStart, minuteCount: 0, day, dayCount: 0 };
      if (window.minuteStart !== minuteStart) {
        window.minuteStart = minuteStart;
        window.minuteCount = 0;
      }
      if (window.day !== day) {
        window.day = day;
        window.dayCount = 0;
      }
      if (window.dayCount >= limits.perDay) {
        throw limitError('daily quota', Math.ceil(((day + 1) * DAY_MS - at) / 1000), limits.perDay);
      }
      if (window.minuteCount >= limits.perMinute) {
        throw limitError('per-minute rate limit', Math.ceil((minuteStart + MINUTE_MS - at) / 1000), limits.perMinute);
      }
      window.minuteCount++;
      window.dayCount++;
      windows.set(key, window);
    },
  };
}

function limitError(which: string, retryAfterSeconds: number, limit: number): ApiError {
  const seconds = Math.max(1, retryAfterSeconds);
  return new ApiError('rate_limit_exceeded', `API key over its ${which} of ${limit} requests; retry in ${seconds} s`, {
    headers: { 'Retry-After': String(seconds) },
    meta: { retry_after_seconds: seconds, limit },
  });
}
