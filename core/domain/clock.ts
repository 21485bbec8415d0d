/** Where "now" comes from. Core never reads the wall clock except through a Clock. */
export type Clock = { now(): Date };

/** The real wall clock, for hosts (Electron main, headless server, CLI). */
export const systemClock: Clock = { now: () => new Date() };

/** A clock that stands still until moved; for tests and deterministic runs. */
export function fixedClock(start: Date | string): Clock & { set(at: Date | string): void; advance(ms: number): void } {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    set: (at) => {
      current = new Date(at);
    },
    advance: (ms) => {
      current = new Date(current.getTime() + ms);
    },
  };
}

/** ISO 8601 UTC with milliseconds, the one timestamp format of the API. */
export function toIso(date: Date): string {
  return date.toISOString();
}
