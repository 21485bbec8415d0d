// The e2e tests drive Debian's Chromium (browser downloads are not possible here). Install it
// with apt when it is missing; this needs root, as on CI and the development machines.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const CHROMIUM = '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) {
  console.log('Chromium is missing: installing it with apt-get (Debian package "chromium")…');
  const run = (args) => spawnSync(args[0], args.slice(1), { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  const isRoot = process.getuid?.() === 0;
  const sudo = isRoot ? [] : ['sudo'];
  if (run([...sudo, 'apt-get', 'update']).status !== 0 || run([...sudo, 'apt-get', 'install', '-y', 'chromium']).status !== 0) {
    console.error(`Could not install Chromium. Install the Debian package "chromium" so that ${CHROMIUM} exists, then rerun.`);
    process.exit(1);
  }
}
