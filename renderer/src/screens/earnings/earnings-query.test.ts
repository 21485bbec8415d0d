import { describe, expect, it } from 'vitest';
import { NO_EARNING_FILTERS, earningContext, earningTypeLabel, earningsQuery, pageOf } from './earnings-query.ts';

const earning = (id: string) => ({
  id,
  referral_id: null,
  amount: 100,
  currency: 'USD',
  type: 'recurring',
  description: 'd',
  status: 'pending' as const,
  reference_id: null,
  created_at: '2026-05-11T00:00:00.000Z',
  paid_at: null,
  metadata: { creator_id: 'c1', project_id: 'p1' },
});

describe('earnings paging by offset', () => {
  it('asks one row more than a page, to know whether another follows', () => {
    expect(earningsQuery(NO_EARNING_FILTERS, 0, 50)).toEqual({ limit: 51, offset: 0 });
    expect(earningsQuery({ status: 'paid', programId: 'p1' }, 2, 50)).toEqual({ status: 'paid', program_id: 'p1', limit: 51, offset: 100 });
    const rows = Array.from({ length: 51 }, (_value, index) => earning(`e${index}`));
    expect(pageOf(rows, 50).hasMore).toBe(true);
    expect(pageOf(rows, 50).rows).toHaveLength(50);
    expect(pageOf(rows.slice(0, 50), 50).hasMore).toBe(false);
  });

  it('reads the creator and project from the metadata, and names the type', () => {
    expect(earningContext(earning('e'))).toEqual({ creatorId: 'c1', projectId: 'p1' });
    expect(earningContext({ metadata: {} })).toEqual({ creatorId: null, projectId: null });
    expect(earningTypeLabel('view_threshold')).toBe('View milestone');
    expect(earningTypeLabel('purchase')).toBe('Purchase');
    expect(earningTypeLabel('gift_card')).toBe('Gift card');
  });
});
