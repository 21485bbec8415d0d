import { describe, expect, it } from 'vitest';
import { describeGoal, emptyGoal, patchGoalBody, validateGoalForm, valuesFromGoal } from './goal-form.ts';

const CREATOR = '3a2ce4c1-4469-4d08-9c6a-4047f1824480';
const PROJECT = '1e6fe319-f8b1-513c-9b97-aeeca52535e1';

describe('goal form', () => {
  it('asks for a project and a target', () => {
    expect(validateGoalForm(emptyGoal(''), CREATOR)).toEqual({ projectId: 'Choose a project', target: 'Target is required' });
  });

  it('explains a target that is not a whole number, and one that is not above zero', () => {
    expect(validateGoalForm({ ...emptyGoal(PROJECT), target: '4.5' }, CREATOR).target).toBe('Target must be a whole number, like 4 or 10,000');
    expect(validateGoalForm({ ...emptyGoal(PROJECT), target: '0' }, CREATOR).target).toBe('Target must be greater than 0');
  });

  it('accepts thousands separators', () => {
    expect(validateGoalForm({ ...emptyGoal(PROJECT), metric: 'views', target: '100,000' }, CREATOR)).toEqual({});
  });

  it('sends only what changed', () => {
    const goal = { id: CREATOR, org_id: CREATOR, creator_id: CREATOR, project_id: PROJECT, metric: 'views', target: 5000, period: 'weekly', created_at: '', updated_at: '' } as const;
    const initial = valuesFromGoal(goal);
    expect(patchGoalBody(initial, initial)).toBeNull();
    expect(patchGoalBody({ ...initial, target: '6,000' }, initial)).toEqual({ target: 6000 });
  });

  it('reads as a sentence', () => {
    expect(describeGoal({ metric: 'videos_posted', target: 4, period: 'weekly' })).toBe('4 videos a week');
    expect(describeGoal({ metric: 'views', target: 100_000, period: 'monthly' })).toBe(`${(100_000).toLocaleString()} views a month`);
  });
});
