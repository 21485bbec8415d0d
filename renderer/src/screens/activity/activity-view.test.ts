import { describe, expect, it } from 'vitest';
import { activityQuery, formatFieldValue, localDayBound } from './activity-view.ts';

describe('activity view', () => {
  it('sends days of this computer’s calendar as the instants that bound them', () => {
    const from = localDayBound('2026-03-08', 'from') as string;
    const to = localDayBound('2026-03-08', 'to') as string;
    expect(new Date(from).getDate()).toBe(8);
    expect(new Date(from).getHours()).toBe(0);
    expect(new Date(to).getDate()).toBe(8);
    expect(new Date(Date.parse(to) + 1).getDate()).toBe(9);
    expect(localDayBound('yesterday', 'from')).toBeNull();
  });

  it('builds the query from the filter, leaving out what is empty', () => {
    expect(activityQuery({ entity: '', actor: '  ', fromDay: '', toDay: '' }, 50)).toEqual({ limit: '50' });
    expect(activityQuery({ entity: 'payment', entityId: 'abc', actor: ' Dana ' }, 20)).toEqual({ limit: '20', entity: 'payment', entity_id: 'abc', actor: 'Dana' });
  });

  it('shows absent values as a dash and objects as JSON, shortened', () => {
    expect(formatFieldValue(null)).toBe('—');
    expect(formatFieldValue(12000)).toBe('12000');
    expect(formatFieldValue({ a: 1 })).toBe('{"a":1}');
    expect(formatFieldValue('x'.repeat(400))).toHaveLength(400);
    expect(formatFieldValue({ text: 'x'.repeat(400) })).toHaveLength(301);
  });
});
