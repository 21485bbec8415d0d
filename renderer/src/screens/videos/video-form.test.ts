import { describe, expect, it } from 'vitest';
import { validateVideoForm, validateViewsForm, viewsBody, type VideoFormValues } from './video-form.ts';
import { isoToLocalInput, localInputToIso, parseWholeNumber } from './video-format.ts';

const CREATOR = '3a2ce4c1-4469-4d08-9c6a-4047f1824480';
const PROJECT = '1e6fe319-f8b1-513c-9b97-aeeca52535e1';
const VALID: VideoFormValues = { projectId: PROJECT, platform: 'tiktok', url: 'https://www.tiktok.com/@ana/video/1', postedAt: '2025-03-01T15:00', views: '', capturedAt: '' };

describe('video form', () => {
  it('accepts a video without views', () => {
    expect(validateVideoForm(VALID, CREATOR)).toEqual({});
  });

  it('says what is wrong, field by field', () => {
    const errors = validateVideoForm({ ...VALID, projectId: '', url: 'tiktok.com/x', postedAt: '', views: 'lots' }, CREATOR);
    expect(errors).toEqual({
      projectId: 'Choose a project',
      url: 'URL must be an http(s) URL',
      postedAt: 'Posted at is required',
      views: 'Views must be a whole number, like 12,500',
    });
  });

  it('wants views with a count time, and no count in the future', () => {
    expect(validateVideoForm({ ...VALID, capturedAt: '2025-03-02T09:00' }, CREATOR).capturedAt).toBe('Give the views counted at this time, or leave it empty');
    expect(validateViewsForm({ views: '10', capturedAt: isoToLocalInput(new Date(Date.now() + 86_400_000).toISOString()) }).capturedAt).toBe('Views can’t be counted in the future');
  });

  it('sends views as a number, and the count time only when given', () => {
    expect(viewsBody({ views: '12,500', capturedAt: '' })).toEqual({ views: 12_500 });
    expect(viewsBody({ views: '7', capturedAt: '2025-03-02T09:00' })).toEqual({ views: 7, captured_at: new Date('2025-03-02T09:00').toISOString() });
  });
});

describe('video format', () => {
  it('parses counts typed with separators', () => {
    expect(parseWholeNumber('1,234,567')).toBe(1_234_567);
    expect(parseWholeNumber(' 12 500 ')).toBe(12_500);
    expect(parseWholeNumber('1.5')).toBeNull();
    expect(parseWholeNumber('-3')).toBeNull();
  });

  it('turns a local date-time field into UTC and back', () => {
    const iso = localInputToIso('2025-03-02T09:30');
    expect(iso).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\.000Z$/);
    expect(isoToLocalInput(iso ?? '')).toBe('2025-03-02T09:30');
    expect(localInputToIso('')).toBeNull();
  });
});
