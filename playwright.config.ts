import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';

/** The key the e2e server accepts (PAYOUTS_API_KEY); the web UI signs in with it. */
export const E2E_API_KEY = 'tga_e2eE2Ee2eE2Ee2eE2Ee2eE2Ee2eE2Ee2';
const PORT = Number(process.env.E2E_PORT ?? 8797);
const dataDir = process.env.E2E_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'payouts-e2e-'));
process.env.E2E_DATA_DIR = dataDir; // workers inherit the same folder

export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  timeout: 60_000,
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
    viewport: { width: 1360, height: 860 },
    trace: 'retain-on-failure',
  },
  webServer: {
    command: 'npm run serve',
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: false,
    timeout: 120_000,
    env: {
      PAYOUTS_HOST: '127.0.0.1',
      PAYOUTS_PORT: String(PORT),
      PAYOUTS_DATA_DIR: dataDir,
      PAYOUTS_API_KEY: E2E_API_KEY,
    },
  },
});
