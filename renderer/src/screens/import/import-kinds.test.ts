import { describe, expect, it } from 'vitest';
import { guessKind } from './import-kinds.ts';

describe('guessKind', () => {
  it('stays quiet when the header fits the chosen kind', () => {
    expect(guessKind(['name', 'handle', 'email'], 'creators')).toBeNull();
    expect(guessKind(['video', 'captured_at', 'views'], 'metrics')).toBeNull();
  });

  it('names the kind a header clearly belongs to', () => {
    expect(guessKind(['video', 'project', 'captured_at', 'views'], 'creators')).toBe('metrics');
    expect(guessKind(['creator', 'project', 'platform', 'url', 'posted_at'], 'metrics')).toBe('videos');
  });

  it('does not guess for a header that fits no kind', () => {
    expect(guessKind(['foo', 'bar'], 'creators')).toBeNull();
    expect(guessKind([], 'videos')).toBeNull();
  });
});
