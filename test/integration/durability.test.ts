/**
 * Crash durability of the store (DESIGN.md "Storage"), end to end through the real API path.
 *
 * A child process (test/fixtures/durability-writer.ts) opens one data folder with startServices
 * and creates, renames, disables and deletes payout methods through `services.handle` as fast as
 * it can, printing each command before it starts (DO) and once it answered 2xx (ACK). It is
 * SIGKILLed at a random moment — after a random number of ACKs, after a random delay (3 ms to
 * 1.5 s, so most kills land mid-command: inside the SQLite transaction, during the WAL fsync or a
 * checkpoint), or while it is still starting — DURABILITY_KILL_POINTS times (50 by default; 500 in
 * `npm run stress:durability`), always on the same folder, so each run starts from what the
 * previous crash left behind: a hot WAL and a LOCK naming a dead process.
 *
 * After every kill, reading the SQLite file directly with node:sqlite, this proves:
 * - the file is intact (`PRAGMA integrity_check` = ok);
 * - every acknowledged command is durable and nothing else is: the stored custom methods are
 *   exactly what the acknowledged creates, patches and deletes produce, plus at most the one
 *   command in flight at the kill — applied whole or not at all; no acknowledged delete comes back;
 * - no command is half-applied across collections: the journal (`commands`) holds one entry per
 *   applied command, in the order acknowledged, `seq` runs 1..n without gaps or repeats, earlier
 *   entries never change, and replaying the entries' `after` states gives exactly the stored
 *   payout methods (no method without its journal entry, no entry without its effect);
 * - the killed writer's LOCK is left behind and is taken over: on every other kill point (and the
 *   last) by startServices in this process, which must load the same documents into memory and
 *   serve the acknowledged state through the API; on the others by the next writer, which must
 *   recover the hot WAL and carry on. A live writer's LOCK is refused (DataDirBusyError).
 *
 * The writer runs with the host's accrual timer on (it runs a journaled command at every start),
 * so kills also land in that startup command; its entries are told apart by their actor.
 *
 * Not proven here: survival of power loss. A killed process loses nothing the OS already has, so
 * that rests on WAL + synchronous=FULL (asserted in core/store/durable-storage.test.ts).
 *
 * Reproduce a failure with DURABILITY_SEED=<seed printed in the failure>; DURABILITY_VERBOSE=1
 * prints each kill point.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { CommandEntry } from '../../core/domain/command-journal.ts';
import { DEFAULT_METHOD_NAMES } from '../../core/domain/payout-method.ts';
import { actorId } from '../../core/api/principal.ts';
import { DataDirBusyError } from '../../core/node/data-dir-lock.ts';
import { startServices, storePath } from '../../core/node/services.ts';
import { entryIsOp, journalProblems, parseOp, plainDoc, prng, readStoreFile, sameOp, type Op, type StoreSnapshot } from './durability-check.ts';

const KILL_POINTS = Number(process.env.DURABILITY_KILL_POINTS ?? 50);
const SEED = Number(process.env.DURABILITY_SEED ?? Math.floor(Math.random() * 2 ** 32));
const PROJECT_ROOT = resolve(import.meta.dirname, '../..');
const WRITER = join(PROJECT_ROOT, 'test/fixtures/durability-writer.ts');
const CONFIG = { planLimits: { customMethods: 1_000_000 } };
/** The writer acts as the local user; other journal entries (seed, accrual timer) are the host's. */
const WRITER_ACTOR = actorId({ kind: 'local_user', orgId: '' });
/** How this process opens the folder to check it: like the writer, minus the timer's own writes. */
const VERIFY_OPTIONS = { config: CONFIG, accrualIntervalMs: false } as const;
/** A writer that has not been killed after this long is stuck. */
const RUN_LIMIT_MS = 60_000;
/** DURABILITY_VERBOSE=1 prints one line per kill point. */
const VERBOSE = Boolean(process.env.DURABILITY_VERBOSE);

type KillPlan =
  | { kind: 'acks'; acks: number; extraMs: number }
  | { kind: 'delay'; afterFirstAckMs: number }
  | { kind: 'startup'; afterSpawnMs: number };

function killPlan(random: () => number): KillPlan {
  const roll = random();
  if (roll < 0.1) return { kind: 'startup', afterSpawnMs: Math.round(100 + random() * 2_400) };
  if (roll < 0.55) return { kind: 'acks', acks: 1 + Math.floor(random() * 60), extraMs: Math.floor(random() * 10) };
  // Log-uniform between 3 ms and 1.5 s: many kills right after an ACK, some after hundreds.
  return { kind: 'delay', afterFirstAckMs: Math.round(3 * 500 ** random()) };
}

type WriterRun = {
  /** The writer's pid from its READY line; null when it was killed before it was ready. */
  pid: number | null;
  lines: string[];
  /** Bytes after the last newline: must be empty (lines are written atomically). */
  partial: string;
  stderr: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
};

/**
 * Runs the writer on `dataDir` until `plan` says to SIGKILL it and resolves once it is gone and
 * its output is drained. The writer is a direct child running on this Node (so the SIGKILL hits
 * the process that holds the store, and it is reaped here: its pid is dead, not a zombie, when
 * the next open looks at the LOCK).
 */
function runWriter(dataDir: string, run: number, seed: number, plan: KillPlan, onReady?: (pid: number) => void): Promise<WriterRun> {
  const child = spawn(
    process.execPath,
    ['--disable-warning=ExperimentalWarning', '--import', 'tsx', WRITER, dataDir, String(run), String(seed)],
    { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const result: WriterRun = { pid: null, lines: [], partial: '', stderr: '', code: null, signal: null, timedOut: false };
  let acks = 0;
  let killed = false;
  const timers: NodeJS.Timeout[] = [];
  const kill = () => {
    if (killed) return;
    killed = true;
    child.kill('SIGKILL');
  };
  const killIn = (ms: number) => timers.push(setTimeout(kill, ms));
  timers.push(
    setTimeout(() => {
      result.timedOut = true;
      kill();
    }, RUN_LIMIT_MS),
  );
  if (plan.kind === 'startup') killIn(plan.afterSpawnMs);

  const onLine = (line: string) => {
    result.lines.push(line);
    if (line.startsWith('READY ')) {
      result.pid = Number(line.split(' ')[1]);
      if (!killed) onReady?.(result.pid);
    } else if (line.startsWith('ACK ')) {
      acks++;
      if (plan.kind === 'acks' && acks === plan.acks) killIn(plan.extraMs);
      if (plan.kind === 'delay' && acks === 1) killIn(plan.afterFirstAckMs);
    } else if (line.startsWith('FAIL ')) {
      kill();
    }
  };
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    result.partial += chunk;
    let end: number;
    while ((end = result.partial.indexOf('\n')) >= 0) {
      onLine(result.partial.slice(0, end));
      result.partial = result.partial.slice(end + 1);
    }
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    result.stderr += chunk;
  });
  return new Promise((done, fail) => {
    child.once('error', fail);
    // 'close' comes after the exit and after stdout and stderr ended: every line printed is here.
    child.once('close', (code, signal) => {
      for (const timer of timers) clearTimeout(timer);
      result.code = code;
      result.signal = signal;
      done(result);
    });
  });
}

/** The acknowledged commands of one run, in order, and the one announced but not acknowledged. */
function parseRun(lines: string[]): { acks: Op[]; inFlight: Op | null } {
  const acks: Op[] = [];
  let inFlight: Op | null = null;
  for (const line of lines) {
    const [tag, ...words] = line.split(' ');
    if (tag === 'READY') continue;
    if (tag === 'DO') {
      if (inFlight) throw new Error(`writer announced a command before the previous one was acknowledged: ${line}`);
      inFlight = parseOp(words, false);
    } else if (tag === 'ACK') {
      const ack = parseOp(words, true);
      if (!inFlight || !sameOp(inFlight, ack)) throw new Error(`ACK does not answer the DO before it: ${line}`);
      acks.push(ack);
      inFlight = null;
    } else {
      throw new Error(`unexpected writer output: ${line}`);
    }
  }
  return { acks, inFlight };
}

type MethodState = { name: string; is_active: boolean };

const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** What the acknowledged history says the store holds. */
type Model = { methods: Map<string, MethodState>; deleted: Set<string>; journalIds: string[] };

function applyOp(model: Model, op: Op): void {
  if (op.kind === 'delete') {
    model.methods.delete(op.id);
    model.deleted.add(op.id);
  } else {
    model.methods.set(op.id as string, { name: op.name, is_active: op.is_active });
  }
}

/**
 * Checks one run against the store and advances the model: the run's journal entries must be
 * its ACKs in order, plus possibly the in-flight command (whole); the stored custom methods must
 * then be exactly the model. Returns what the in-flight command came to.
 */
function checkRun(model: Model, snapshot: StoreSnapshot, acks: Op[], inFlight: Op | null, problems: string[]): 'applied' | 'not applied' | 'none' {
  const previous = snapshot.commands.slice(0, model.journalIds.length).map((entry) => entry.id);
  if (!isDeepStrictEqual(previous, model.journalIds)) problems.push('journal entries from earlier runs changed or disappeared');
  const fresh = snapshot.commands.slice(model.journalIds.length).filter((entry) => entry.actor === WRITER_ACTOR);
  acks.forEach((ack, index) => {
    const entry = fresh[index];
    if (!entry || !entryIsOp(entry, ack)) problems.push(`acknowledged ${JSON.stringify(ack)} is not journal entry #${index} of this run: ${JSON.stringify(entry)}`);
  });
  let outcome: 'applied' | 'not applied' | 'none' = inFlight ? 'not applied' : 'none';
  let applied: Op[] = acks;
  if (fresh.length === acks.length + 1 && inFlight && entryIsOp(fresh[acks.length] as CommandEntry, inFlight)) {
    const entry = fresh[acks.length] as CommandEntry;
    applied = [...acks, { ...inFlight, id: entry.changes[0]?.id as string } as Op];
    outcome = 'applied';
  } else if (fresh.length !== acks.length) {
    problems.push(`${fresh.length} journal entries for ${acks.length} ACKs and in flight ${JSON.stringify(inFlight)}: ${JSON.stringify(fresh.slice(acks.length))}`);
  }
  for (const op of applied) applyOp(model, op);
  model.journalIds = snapshot.commands.map((entry) => entry.id);

  for (const [id, doc] of snapshot.methods) {
    if (doc.is_default) continue;
    const expected = model.methods.get(id);
    if (!expected) problems.push(`method ${id} (${doc.name}) is stored but ${model.deleted.has(id) ? 'its delete was acknowledged' : 'no acknowledged command created it'}`);
    else if (expected.name !== doc.name || expected.is_active !== doc.is_active) {
      problems.push(`method ${id} is stored as ${doc.name}/${doc.is_active}, acknowledged as ${expected.name}/${expected.is_active}`);
    }
  }
  for (const [id, expected] of model.methods) {
    if (!snapshot.methods.has(id)) problems.push(`acknowledged method ${id} (${expected.name}) is missing${snapshot.tombstones.has(id) ? ' (stored deleted)' : ''}`);
  }
  return outcome;
}

/** Opens the folder as the app does after a crash and compares memory and API with the file. */
async function checkReopen(dataDir: string, snapshot: StoreSnapshot, model: Model, lastDeleted: string | null, problems: string[]): Promise<void> {
  const services = await startServices({ dataDir, ...VERIFY_OPTIONS });
  try {
    const docs = await services.db.payout_methods.find().exec();
    if (docs.length !== snapshot.methods.size) problems.push(`reopened store has ${docs.length} methods, the file ${snapshot.methods.size}`);
    for (const doc of docs) {
      const stored = snapshot.methods.get(doc.id);
      if (!stored || !isDeepStrictEqual(doc.toMutableJSON(), plainDoc(stored))) {
        problems.push(`reopened method ${doc.id} is ${JSON.stringify(doc.toMutableJSON())}, the file has ${JSON.stringify(stored)}`);
      }
    }
    const commands = await services.db.commands.count().exec();
    if (commands !== snapshot.commands.length) problems.push(`reopened journal has ${commands} entries, the file ${snapshot.commands.length}`);
    const principal = services.localPrincipal();
    // A listing runs on the indexes rebuilt at load: its first page is the oldest methods.
    const listing = await services.handle({ method: 'GET', path: '/payout-methods', query: { include_disabled: 'true', limit: '100' } }, principal);
    const oldest = [...snapshot.methods.values()]
      .sort((a, b) => byCodeUnits(a.created_at, b.created_at) || byCodeUnits(a.id, b.id))
      .slice(0, 100)
      .map((doc) => doc.id);
    const listed = (listing.body as { data: { id: string }[] | null }).data?.map((row) => row.id);
    if (listing.status !== 200 || !isDeepStrictEqual(listed, oldest)) problems.push(`listing after reopen: ${listing.status} ${JSON.stringify(listed)}, expected ${JSON.stringify(oldest)}`);
    const [someId, someState] = [...model.methods].at(-1) ?? [];
    if (someId && someState) {
      const got = await services.handle({ method: 'GET', path: `/payout-methods/${someId}` }, principal);
      const row = (got.body as { data: MethodState | null }).data;
      if (got.status !== 200 || row?.name !== someState.name || row.is_active !== someState.is_active) {
        problems.push(`GET acknowledged method ${someId} after reopen: ${got.status} ${JSON.stringify(got.body)}`);
      }
    }
    if (lastDeleted) {
      const got = await services.handle({ method: 'GET', path: `/payout-methods/${lastDeleted}` }, principal);
      if (got.status !== 404) problems.push(`GET deleted method ${lastDeleted} after reopen: ${got.status}`);
    }
  } finally {
    await services.close();
  }
}

describe('store durability under SIGKILL', () => {
  it(
    `keeps every acknowledged command and never half a command across ${KILL_POINTS} kills (seed ${SEED})`,
    { timeout: 120_000 + KILL_POINTS * 10_000 },
    async () => {
      expect(KILL_POINTS).toBeGreaterThanOrEqual(1);
      const started = performance.now();
      const dataDir = mkdtempSync(join(tmpdir(), 'payouts-durability-'));
      const lockPath = join(dataDir, 'LOCK');
      const random = prng(SEED);
      const model: Model = { methods: new Map(), deleted: new Set(), journalIds: [] };
      const stats = { acknowledged: 0, inFlight: { applied: 0, 'not applied': 0, none: 0 }, killedBeforeReady: 0, reopened: 0 };
      let lastDeleted: string | null = null;
      let busyCheck: Promise<unknown> | null = null;
      let passed = false;
      try {
        for (let point = 0; point < KILL_POINTS; point++) {
          const plan = killPlan(random);
          const where = `kill point ${point} ${JSON.stringify(plan)}, DURABILITY_SEED=${SEED}, data ${dataDir}`;
          const onReady =
            busyCheck === null
              ? (pid: number) => {
                  // The writer is alive and holds the folder: a second opener must be refused.
                  busyCheck = startServices({ dataDir, ...VERIFY_OPTIONS }).then(
                    async (services) => {
                      await services.close();
                      return 'opened a folder held by a live process';
                    },
                    (error: unknown) => (error instanceof DataDirBusyError && error.pid === pid ? 'refused' : error),
                  );
                }
              : undefined;
          const run = await runWriter(dataDir, point, Math.floor(random() * 2 ** 32), plan, onReady);
          const output = `\n--- writer output (last lines) ---\n${run.lines.slice(-6).join('\n')}\n--- stderr ---\n${run.stderr}`;
          expect(run.timedOut, `${where}: writer was not killed within ${RUN_LIMIT_MS} ms${output}`).toBe(false);
          expect(run.signal, `${where}: writer exited on its own (code ${run.code})${output}`).toBe('SIGKILL');
          expect(run.partial, `${where}: torn output line`).toBe('');
          const { acks, inFlight } = parseRun(run.lines);
          // The killed writer leaves its LOCK behind, naming a process that no longer exists.
          if (run.pid !== null) expect(readFileSync(lockPath, 'utf8'), where).toBe(String(run.pid));

          const snapshot = readStoreFile(storePath(dataDir));
          if (snapshot === null) {
            // Killed before the store existed: nothing can have been acknowledged or kept.
            expect(run.pid, `${where}: a writer was ready without a store file`).toBeNull();
            expect(model.journalIds, `${where}: the store file is gone`).toEqual([]);
            stats.killedBeforeReady++;
            stats.inFlight.none++;
            continue;
          }
          expect(snapshot.integrity, where).toEqual(['ok']);
          const problems = journalProblems(snapshot);
          const outcome = checkRun(model, snapshot, acks, inFlight, problems);
          if (run.pid !== null) {
            // READY comes after startServices, so the seeded defaults were committed.
            const defaults = [...snapshot.methods.values()].filter((doc) => doc.is_default).map((doc) => doc.name);
            if (defaults.length !== DEFAULT_METHOD_NAMES.length) problems.push(`default methods after a writer was ready: ${defaults.join(', ')}`);
          }
          expect(problems, where).toEqual([]);
          stats.acknowledged += acks.length;
          if (run.pid === null) stats.killedBeforeReady++;
          if (VERBOSE) {
            const last = run.lines.at(-1) ?? '';
            console.log(`point ${point} ${JSON.stringify(plan)}: ready=${run.pid !== null} acks=${acks.length} in flight ${outcome}; last line: ${last}`);
          }
          stats.inFlight[outcome]++;
          for (const op of acks) if (op.kind === 'delete') lastDeleted = op.id;

          if (run.pid !== null && (point % 2 === 1 || point === KILL_POINTS - 1)) {
            const reopenProblems: string[] = [];
            await checkReopen(dataDir, snapshot, model, lastDeleted, reopenProblems);
            expect(reopenProblems, where).toEqual([]);
            expect(existsSync(lockPath), `${where}: LOCK left after a clean close`).toBe(false);
            stats.reopened++;
          }
        }
        expect(busyCheck, 'no writer became ready, so the live-LOCK check never ran').not.toBeNull();
        expect(await busyCheck).toBe('refused');
        expect(stats.acknowledged, 'no command was acknowledged at all').toBeGreaterThan(0);
        passed = true;
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        console.log(
          `durability: ${KILL_POINTS} kill points in ${seconds} s (seed ${SEED}): ${stats.acknowledged} acknowledged commands; ` +
            `command in flight at the kill: applied whole ${stats.inFlight.applied}, not applied ${stats.inFlight['not applied']}, none ${stats.inFlight.none}; ` +
            `killed before ready ${stats.killedBeforeReady}; reopened in-process ${stats.reopened}; ` +
            `final store: ${model.methods.size} custom methods, ${model.journalIds.length} journal entries`,
        );
      } finally {
        if (passed) rmSync(dataDir, { recursive: true, force: true });
        else console.error(`durability: data folder kept for inspection: ${dataDir}`);
      }
    },
  );
});
