import { describe, expect, it } from 'vitest';
import { conflictTargets, refusedAction, undoneText } from './conflict-words.ts';

const A = '0b5e6a36-1c53-4d3f-9d53-5d1a0e2b7c11';
const B = '7f3c2a10-8e4b-4c6a-b2d9-3e1f0a9c8d22';

describe('conflict words', () => {
  it('names the refused command in words', () => {
    expect(refusedAction('POST', '/payout-payments')).toBe('Recording a payment');
    expect(refusedAction('POST', '/payout-methods')).toBe('Adding a payout method');
    expect(refusedAction('PATCH', `/creators/${A}`)).toBe('A change to a creator');
    expect(refusedAction('DELETE', `/payout-methods/${A}?mode=hard`)).toBe('Deleting a payout method');
    expect(refusedAction('POST', `/payout-structures/${A}/assignments`)).toBe('A change to a payout structure’s assignments');
    expect(refusedAction('POST', '/somewhere')).toBe('POST /somewhere');
  });

  it('links what still exists: the path’s entity, what was put back and what the message names, not what was removed', () => {
    const targets = conflictTargets({ path: '/payout-payments', message: `Accrual ${B} is settled by payment ${A}`, undone: [`payment ${B} removed`] });
    expect(targets.map((entry) => [entry.kind, entry.id, entry.href])).toEqual([['payment', A, `#/payments/${A}`]]);
    const put = conflictTargets({ path: `/creators/${A}`, message: 'Handle taken', undone: [`creator ${A} put back as before`] });
    expect(put.map((entry) => [entry.kind, entry.href])).toEqual([['creator', `#/creators/${A}`]]);
    expect(conflictTargets({ path: '/payout-methods', message: 'A payout method named Zelle already exists', undone: [`payout method ${A} removed`] })).toEqual([]);
  });

  it('says what was undone, nothing, or that the next sync will', () => {
    expect(undoneText({ undone: [`payment ${A} removed`], text: '' })).toBe(`Undone on this desktop: payment ${A} removed.`);
    expect(undoneText({ undone: [], text: 'x. Nothing on this desktop needed undoing.' })).toBe('Nothing on this desktop needed undoing.');
    expect(undoneText({ undone: [], text: 'x' })).toBe('What it changed on this desktop is undone with the next complete sync.');
  });
});
