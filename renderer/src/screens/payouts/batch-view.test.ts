import { describe, expect, it } from 'vitest';
import { creatorsLeftIn, needsNewSettleKey, projectFromLink, takesPaypalResult } from './batch-view.ts';

describe('Pay creators helpers', () => {
  it('leaving out the creators the rail cannot pay asks for every other creator of the preview, paid and skipped', () => {
    const plan = { lines: [{ creator_id: 'a' }, { creator_id: 'd' }], skipped: [{ creator_id: 'c' }] };
    expect(creatorsLeftIn(plan)).toEqual(['a', 'd', 'c']);
  });

  it('reads the project from #/payouts/new?project=…, else none', () => {
    expect(projectFromLink('#/payouts/new?project=p-1')).toBe('p-1');
    expect(projectFromLink('#/payouts/new')).toBe('');
  });

  it('takes a new idempotency key only after a refusal the server keeps under the key', () => {
    expect(needsNewSettleKey(409, 'invalid_transition')).toBe(true);
    expect(needsNewSettleKey(404, 'not_found')).toBe(true);
    // Not kept (400), the answer lost, or the key's own conflicts: the retry must be the same request.
    expect(needsNewSettleKey(400, 'invalid_body')).toBe(false);
    expect(needsNewSettleKey(0, 'network_error')).toBe(false);
    expect(needsNewSettleKey(500, 'internal_error')).toBe(false);
    expect(needsNewSettleKey(409, 'idempotency_key_in_use')).toBe(false);
    expect(needsNewSettleKey(422, 'idempotency_key_reused')).toBe(false);
  });

  it('offers PayPal’s result file for PayPal Payouts files only', () => {
    expect(['paypal', 'venmo', 'wise', 'csv'].filter((format) => takesPaypalResult(format as 'paypal'))).toEqual(['paypal', 'venmo']);
  });
});
