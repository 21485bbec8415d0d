import { z } from 'zod';
import type { PayoutsDatabase } from '../store/database.ts';

const ENGINE_DOC = 'accrual-engine';

/**
 * What the engine remembers between runs (a local document, written in the run's transaction):
 * per structure, the end of the last evaluated window; per (project, creator), the earliest time
 * since which inputs changed in the past (a backdated assignment, a video posted or views
 * captured earlier), so those periods are evaluated again for that creator.
 */
export const engineStateSchema = z.object({
  structures: z.record(
    z.string(),
    z.object({
      evaluated_through: z.string().nullable(),
      /** Videos updated after this were not yet checked for milestones. */
      videos_checked_through: z.string().nullable(),
    }),
  ),
  dirty: z.record(z.string(), z.string()),
  last_run: z.unknown().nullable(),
  progress: z.object({ running: z.boolean(), done: z.number(), total: z.number(), started_at: z.string().nullable() }),
});
export type EngineState = z.infer<typeof engineStateSchema>;


export async function readEngineState(db: PayoutsDatabase): Promise<EngineState> {
  const doc = await db.getLocal<EngineState>(ENGINE_DOC);
  return doc
    ? engineStateSchema.parse(doc.toJSON().data)
    : { structures: {}, dirty: {}, last_run: null, progress: { running: false, done: 0, total: 0, started_at: null } };
}

export async function writeEngineState(db: PayoutsDatabase, state: EngineState): Promise<void> {
  await db.upsertLocal(ENGINE_DOC, state);
}

/** Observable engine state for live queries (progress and last run). */
export function engineState$(db: PayoutsDatabase) {
  return db.getLocal$<EngineState>(ENGINE_DOC);
}

export function dirtyKey(projectId: string, creatorId: string): string {
  return `${projectId}/${creatorId}`;
}

export function projectOfDirtyKey(key: string): string {
  return key.slice(0, key.indexOf('/'));
}

/**
 * Records that a creator's inputs in a project changed as of `from` (an instant in the past):
 * the next run evaluates again, for that creator, every period that ended after it.
 */
export async function markInputsChanged(db: PayoutsDatabase, changes: { projectId: string; creatorId: string; from: string }[]): Promise<void> {
  if (changes.length === 0) return;
  const state = await readEngineState(db);
  let isChanged = false;
  for (const change of changes) {
    const key = dirtyKey(change.projectId, change.creatorId);
    const current = state.dirty[key];
    if (current === undefined || change.from < current) {
      state.dirty[key] = change.from;
      isChanged = true;
    }
  }
  if (isChanged) await writeEngineState(db, state);
}
