/**
 * Sync bench (SPEC §8): a team server and two desktops, each a real `npm run serve` process on
 * loopback. Measured side by side in one run:
 * - plain API calls: BENCH_SYNC_COMMANDS (default 10,000) `POST /creators` straight to the team server;
 * - push: the same number of commands made on a desktop (offline), then one sync cycle pushing
 *   them to the team server (commands per second, and the ratio to the plain calls: the
 *   protocol's overhead);
 * - pull: a fresh desktop's first cycle pulling every document the server holds (documents per
 *   second).
 * Targets (issue 9): push ≥ 1,000 commands/s, pull ≥ 20,000 documents/s.
 */
import { api, startServer, TEST_API_KEY, type RunningServer } from '../support/server.ts';

const COMMANDS = Number(process.env.BENCH_SYNC_COMMANDS ?? 10_000);
const env = { PAYOUTS_ACCRUAL_INTERVAL_SECONDS: '0', PAYOUTS_RATE_PER_MINUTE: '1000000', PAYOUTS_RATE_PER_DAY: '1000000000' };

async function must(server: RunningServer, method: string, path: string, body?: unknown): Promise<any> {
  const response = await api(server, method, path, body === undefined ? {} : { body });
  if (response.status >= 300) throw new Error(`${method} ${path}: ${response.text}`);
  return response.body.data;
}

async function creators(server: RunningServer, label: string): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < COMMANDS; i++) {
    await must(server, 'POST', '/creators', { name: `${label} ${i}`, handle: `@${label}${i}` });
    if (i % 1000 === 0) process.stdout.write(`\r${label}: ${i}/${COMMANDS}`);
  }
  process.stdout.write('\r');
  return performance.now() - start;
}

const [team, desk, fresh] = await Promise.all([startServer({ env }), startServer({ env }), startServer({ env })]);
try {
  const plainMs = await creators(team, 'plain');
  await creators(desk, 'desk');
  await must(desk, 'PUT', '/sync', { server_url: team.baseUrl, api_key: TEST_API_KEY, interval_seconds: 3600 });
  const pushStart = performance.now();
  const push = await must(desk, 'POST', '/sync/runs');
  const pushMs = performance.now() - pushStart;
  await must(fresh, 'PUT', '/sync', { server_url: team.baseUrl, api_key: TEST_API_KEY, interval_seconds: 3600 });
  const pullStart = performance.now();
  const pull = await must(fresh, 'POST', '/sync/runs');
  const pullMs = performance.now() - pullStart;
  const rate = (count: number, ms: number) => `${Math.round((count / ms) * 1000).toLocaleString('en-US')}/s`;
  console.log(`sync on loopback, ${COMMANDS} commands:`);
  console.log(`  plain API calls to the team server: ${(plainMs / 1000).toFixed(1)} s (${rate(COMMANDS, plainMs)})`);
  console.log(`  push of ${push.pushed} commands in one cycle (with its pull): ${(pushMs / 1000).toFixed(1)} s (${rate(push.pushed, pushMs)}), ratio to the plain calls ${(pushMs / plainMs).toFixed(2)}×   (target ≥ 1,000/s)`);
  console.log(`  first pull of a fresh desktop, ${pull.pulled} documents: ${(pullMs / 1000).toFixed(1)} s (${rate(pull.pulled, pullMs)})   (target ≥ 20,000/s)`);
} finally {
  await Promise.all([team.dispose(), desk.dispose(), fresh.dispose()]);
}
