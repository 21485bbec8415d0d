// Builds the web UI when out/renderer is missing or older than the renderer's sources, so
// `npm install && npm run serve` works on a fresh clone and never serves a stale UI.
// PAYOUTS_UI_BUILD=skip leaves the built UI as it is (API-only use, test servers).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = join(import.meta.dirname, '..');
const built = join(root, 'out/renderer/index.html');

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

const sources = [join(root, 'renderer'), join(root, 'core/api/contracts'), join(root, 'core/domain')];
const isSkipped = process.env.PAYOUTS_UI_BUILD === 'skip'; // API-only use: serve whatever is built
const isStale = !isSkipped && (!existsSync(built) || Math.max(...sources.map(newest)) > statSync(built).mtimeMs);
if (isStale) {
  console.log('Building the web UI (first start or sources changed)…');
  const cli = join(root, 'node_modules/electron-vite/bin/electron-vite.js');
  const result = spawnSync(process.execPath, [cli, 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('Building the web UI failed; see the output above.');
    process.exit(result.status ?? 1);
  }
}
