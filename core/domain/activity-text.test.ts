import { describe, expect, it } from 'vitest';
import { actorName, describeCommand, type ActivityLookup } from './activity-text.ts';

const ANA = '00000000-0000-4000-8000-00000000000a';
const VIDEO = '00000000-0000-4000-8000-00000000000b';
const PROJECT = '00000000-0000-4000-8000-00000000000c';
const known: Record<string, Record<string, unknown>> = {
  [ANA]: { name: 'Ana Lima' },
  [PROJECT]: { name: 'Launch' },
  [VIDEO]: { creator_id: ANA, platform: 'instagram' },
};
const lookup: ActivityLookup = (id) => (id ? (known[id] ?? null) : null);

function entry(route: string, path: string, changes: { entity: string; id: string; before: unknown; after: unknown }[], body: unknown = {}) {
  const method = route.split(' ')[0] as 'POST';
  return { route, method, path, status: 201, request_body: body, changes, response_body: null };
}

describe('activity sentences', () => {
  it('names actors as a person reads them', () => {
    const keys = new Map([['k1', 'Dana']]);
    expect(actorName('key:k1', keys)).toBe('Dana');
    expect(actorName('key:transient:tga_AbCd', keys)).toBe('Key tga_AbCd…');
    expect(actorName('key:5e3f0c2a-0000-4000-8000-000000000000', keys)).toBe('Key 5e3f0c2a');
    expect(actorName('local_user', keys)).toBe('Owner');
    expect(actorName('system:accrual-timer', keys)).toBe('Accrual timer');
  });

  it('says which platform a video is on, with the right article', () => {
    const posted = entry('POST /videos', '/videos', [{ entity: 'video', id: VIDEO, before: null, after: { creator_id: ANA, project_id: PROJECT, platform: 'instagram' } }]);
    expect(describeCommand(posted, 'Dana', lookup)).toBe('Dana recorded an Instagram video by Ana Lima in Launch');
    const views = entry('POST /videos/:id/metrics', `/videos/${VIDEO}/metrics`, [{ entity: 'video_snapshot', id: VIDEO, before: null, after: { views: 12345 } }]);
    expect(describeCommand(views, 'Dana', lookup)).toBe("Dana recorded 12,345 views of Ana Lima's Instagram video");
  });

  it('falls back to the method and path for a route it does not know', () => {
    expect(describeCommand(entry('POST /somewhere-new', '/somewhere-new', []), 'Ed', lookup)).toBe('Ed sent POST /somewhere-new');
  });
});
