import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { v5 as uuidPackageV5 } from 'uuid';
import { deterministicId, isUuid, PAYOUTS_NAMESPACE } from './ids.ts';

describe('deterministicId', () => {
  // Ids are part of the data (accruals, videos): every installation and every version must derive
  // the same id from the same parts, so these values are pinned.
  it.each([
    [['accrual', '0b7c7d0e-6a53-4d0e-9d6e-5f1f3a0c2b71', 'c1', '2026-05-04T00:00:00.000Z'], '81f4ed5c-eaa3-5605-a934-9457a0b6358f'],
    [['video', 'p', 'https://www.tiktok.com/@ä/video/1'], 'de5db515-c0a3-568b-9dde-82bd20b41e70'],
    [['accrual', 's', 'c', 'v', '1000'], '501c3ef8-ebe3-5605-af86-21ee685da465'],
  ])('%j → %s', (parts, expected) => {
    expect(deterministicId(...parts)).toBe(expected);
    expect(isUuid(expected)).toBe(true);
  });

  it('separates parts, so shifting text between parts gives another id', () => {
    expect(deterministicId('ab', 'c')).not.toBe(deterministicId('a', 'bc'));
  });

  it('equals the uuid package\'s v5 for any parts (ASCII, other scripts, emoji, long values)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ minLength: 60, maxLength: 300 })), { minLength: 1, maxLength: 5 }), (parts) => {
        expect(deterministicId(...parts)).toBe(uuidPackageV5(parts.join('\u001f'), PAYOUTS_NAMESPACE));
      }),
      { numRuns: 2000 },
    );
  });
});
