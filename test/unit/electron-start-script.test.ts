import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';

const projectDir = join(import.meta.dirname, '..', '..');
let emptyDist: string;

beforeEach(async () => {
  emptyDist = await mkdtemp(join(tmpdir(), 'payouts-desk-no-electron-'));
});

afterEach(async () => {
  await rm(emptyDist, { recursive: true, force: true });
});

it('npm start without the Electron runtime explains the fix and the web UI, and exits 1', () => {
  // The Electron package resolves its binary inside ELECTRON_OVERRIDE_DIST_PATH when set; pointing
  // it at an empty folder makes the binary missing even on a machine where Electron is installed.
  const result = spawnSync(process.execPath, [join(projectDir, 'scripts', 'start.mjs')], {
    cwd: projectDir,
    env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: emptyDist },
    stdio: ['pipe', 'pipe', 'pipe'],
    input: '',
    encoding: 'utf8',
    timeout: 30_000,
  });
  const output = `${result.stdout}${result.stderr}`;

  expect(result.status).toBe(1);
  expect(output).toContain('the Electron runtime is not installed');
  expect(output).toContain('node node_modules/electron/install.js');
  expect(output).toContain('npm rebuild electron');
  expect(output).toContain('npm run serve');
  // no prompt without a terminal to answer it
  expect(output).not.toContain('[Y/n]');
  // and nothing was built or started
  expect(output).not.toMatch(/electron-vite|vite v\d/i);
});
