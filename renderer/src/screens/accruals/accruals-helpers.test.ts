import { describe, expect, it } from 'vitest';
import type { AccrualRun } from '../../../../core/api/contracts/index.ts';
import { accrualsLink, filterParams, filtersFromLink, hasFilters, isBackwardRange, NO_FILTERS } from './accrual-filters.ts';
import { describeProgress, describeRun, formatTimeAgo } from './run-summary.ts';
import { failureReason, summarizeSelection } from './status-change.ts';

const PROJECT = '740e8f91-81cf-4da1-875d-dbf88ff64d0b';

describe('filterParams', () => {
  it('leaves out what is not set', () => {
    expect(filterParams(NO_FILTERS, 'UTC')).toEqual({});
    expect(hasFilters(NO_FILTERS)).toBe(false);
  });

  it('passes ids and status through', () => {
    const filters = { ...NO_FILTERS, projectId: PROJECT, creatorId: PROJECT, structureId: PROJECT, status: 'earned' as const };
    expect(filterParams(filters, 'UTC')).toEqual({ project_id: PROJECT, creator_id: PROJECT, structure_id: PROJECT, status: 'earned' });
    expect(hasFilters(filters)).toBe(true);
  });

  it('turns days in the project zone into bounds on the period end', () => {
    // New York is UTC-5 in November: Nov 16 begins at 05:00Z.
    const params = filterParams({ ...NO_FILTERS, from: '2026-11-09', to: '2026-11-15' }, 'America/New_York');
    // From: periods ending after Nov 9 began, so the week that ended at that instant is out.
    expect(params.from).toBe('2026-11-09T05:00:00.001Z');
    // To: periods ending by the time Nov 16 begins, so the week of Nov 9–15 is in.
    expect(params.to).toBe('2026-11-16T05:00:00.000Z');
  });

  it('follows daylight saving: the day after the change starts an hour later in UTC', () => {
    const params = filterParams({ ...NO_FILTERS, from: '2026-10-31', to: '2026-10-31' }, 'America/New_York');
    expect(params.from).toBe('2026-10-31T04:00:00.001Z');
    expect(params.to).toBe('2026-11-01T04:00:00.000Z');
    expect(filterParams({ ...NO_FILTERS, to: '2026-11-01' }, 'America/New_York').to).toBe('2026-11-02T05:00:00.000Z');
  });

  it('ignores a day that does not exist', () => {
    expect(filterParams({ ...NO_FILTERS, from: '2026-02-30' }, 'UTC')).toEqual({});
  });

  it('spots a backward range', () => {
    expect(isBackwardRange({ ...NO_FILTERS, from: '2026-11-10', to: '2026-11-01' })).toBe(true);
    expect(isBackwardRange({ ...NO_FILTERS, from: '2026-11-01', to: '2026-11-01' })).toBe(false);
  });
});

describe('links with filters', () => {
  it('round-trips the filters it carries', () => {
    const link = accrualsLink({ status: 'earned', projectId: PROJECT });
    expect(link).toBe(`#/accruals?project=${PROJECT}&status=earned`);
    expect(filtersFromLink(link)).toEqual({ ...NO_FILTERS, status: 'earned', projectId: PROJECT });
  });

  it('a plain link carries none', () => {
    expect(accrualsLink({})).toBe('#/accruals');
    expect(filtersFromLink('#/accruals')).toBeNull();
    expect(filtersFromLink('#/accruals?unknown=1')).toBeNull();
  });

  it('refuses values that are not filters', () => {
    expect(filtersFromLink('#/accruals?status=pending')).toBeNull();
    expect(filtersFromLink('#/accruals?project=not-an-id')).toBeNull();
  });
});

describe('summarizeSelection', () => {
  it('counts everything selected, and what can change', () => {
    const summary = summarizeSelection([
      { status: 'earned', amount_cents: 7500 },
      { status: 'earned', amount_cents: 2500 },
      { status: 'paid', amount_cents: 10000 },
      { status: 'rejected', amount_cents: 100 },
    ]);
    expect(summary).toEqual({ count: 4, totalCents: 20100, changeable: { count: 2, totalCents: 10000 }, paid: 1, closed: 1 });
  });
});

describe('failureReason', () => {
  it.each([
    ['cannot_set_status_on_paid_accrual', 'paid', 'Paid: void the payment first'],
    ['invalid_transition', 'rejected', 'Already rejected'],
    ['invalid_transition', 'voided', 'Already voided'],
    ['not_found', 'earned', 'No longer exists'],
    ['network_error', 'earned', 'Couldn’t reach the server'],
    ['internal_error', 'earned', 'Something broke'],
  ] as const)('%s on a %s accrual → %s', (code, status, expected) => {
    expect(failureReason({ code, message: 'Something broke' }, status)).toBe(expected);
  });
});

describe('describeRun', () => {
  const counts = (created: number, already_present = 0, skipped = 0) => ({ created, already_present, skipped });
  const run = (overrides: Partial<AccrualRun>): Pick<AccrualRun, 'created' | 'already_present' | 'skipped' | 'by_type' | 'amount_cents_created'> => ({
    created: 0,
    already_present: 0,
    skipped: 0,
    amount_cents_created: 0,
    by_type: { recurring: counts(0), goals: counts(0), cpm: counts(0), view_threshold: counts(0), commission: counts(0) },
    ...overrides,
  });

  it('leads with what was created and where it came from', () => {
    const described = describeRun(
      run({
        created: 63,
        already_present: 12,
        skipped: 7,
        amount_cents_created: 804208,
        by_type: { recurring: counts(23), goals: counts(5), cpm: counts(8), view_threshold: counts(27), commission: counts(0) },
      }),
    );
    expect(described).toEqual({
      title: '63 new accruals, $8,042.08',
      description: 'Recurring 23, Goals 5, CPM 8, View milestones 27 · 12 already present · 7 skipped.',
    });
  });

  it('a run that found nothing new says the accruals are up to date', () => {
    expect(describeRun(run({}))).toEqual({ title: 'Accruals are up to date', description: 'No period has ended and no milestone was reached since the last run.' });
    expect(describeRun(run({ already_present: 40 }))).toEqual({ title: 'Accruals are up to date', description: '40 already present · 0 skipped.' });
    expect(describeRun(run({ created: 1, amount_cents_created: 7500, by_type: { recurring: counts(1), goals: counts(0), cpm: counts(0), view_threshold: counts(0), commission: counts(0) } })).title).toBe(
      '1 new accrual, $75.00',
    );
  });

  it('progress counts structures', () => {
    expect(describeProgress({ done: 3, total: 8 })).toBe('3 of 8 structures');
    expect(describeProgress({ done: 0, total: 1 })).toBe('0 of 1 structure');
    expect(describeProgress({ done: 0, total: 0 })).toBe('Starting…');
  });
});

describe('formatTimeAgo', () => {
  const now = Date.parse('2026-11-21T15:00:00.000Z');
  it.each([
    ['2026-11-21T14:59:30.000Z', 'just now'],
    ['2026-11-21T14:59:00.000Z', '1 minute ago'],
    ['2026-11-21T14:57:00.000Z', '3 minutes ago'],
    ['2026-11-21T14:00:30.000Z', '59 minutes ago'],
    ['2026-11-21T12:00:00.000Z', '3 hours ago'],
    ['2026-11-20T12:00:00.000Z', 'yesterday'],
    ['2026-11-16T15:00:00.000Z', '5 days ago'],
    ['2026-11-07T15:00:00.000Z', '2 weeks ago'],
    ['2026-08-21T15:00:00.000Z', '3 months ago'],
    ['2024-11-01T15:00:00.000Z', '2 years ago'],
    ['nonsense', '—'],
  ])('%s → %s', (iso, expected) => {
    expect(formatTimeAgo(iso, now)).toBe(expected);
  });
});
