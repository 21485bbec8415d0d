// `npm start`: builds and opens the desktop app, or — when the Electron runtime is missing —
// explains why and offers the same app as a web UI (`npm run serve`).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { fileURLToPath } from 'node:url';

const projectDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const isWindows = process.platform === 'win32';

/**
 * The `electron` npm package exports the path of the Electron program, which its install script
 * downloads separately; when that download did not happen, requiring it throws.
 */
function findElectronBinary() {
  const require = createRequire(join(projectDir, 'package.json'));
  let binary;
  try {
    binary = require('electron');
  } catch (error) {
    return { binary: null, reason: error instanceof Error ? error.message : String(error) };
  }
  if (typeof binary !== 'string' || !existsSync(binary)) {
    return { binary: null, reason: `the Electron program was expected at ${String(binary)}, but it is not there` };
  }
  return { binary, reason: null };
}

/**
 * electron-vite's command-line script, run with this same Node rather than through npx: no shell
 * (npx is a .cmd on Windows) and no reliance on the script's executable bit, which some installs lose.
 */
function electronViteCli() {
  const require = createRequire(join(projectDir, 'package.json'));
  const packageJsonPath = require.resolve('electron-vite/package.json');
  const { bin } = JSON.parse(readFileSync(packageJsonPath, 'utf8'));
  return join(dirname(packageJsonPath), typeof bin === 'string' ? bin : bin['electron-vite']);
}

/** Runs a command with the terminal attached and resolves with its exit code. */
function run(command, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: projectDir, stdio: 'inherit', ...options });
    const forward = (signal) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('error', (error) => {
      console.error(`Could not run ${command}: ${error.message}`);
      resolve(1);
    });
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

/** npm is a .cmd script on Windows, which only a shell can start. */
function runNpm(args) {
  return run(isWindows ? 'npm.cmd' : 'npm', args, { shell: isWindows });
}

function explainMissingElectron(reason) {
  console.error(`
Payouts desk cannot open as a desktop app: the Electron runtime is not installed.

npm installed the "electron" package, but not the Electron program that package downloads when
it is installed: that download was blocked or failed on this machine.
  (${reason})

To get the desktop app, on a machine with internet access run:
  node node_modules/electron/install.js
or allow Electron's install script and rebuild it:
  npm install-scripts approve electron
  npm rebuild electron
then run \`npm start\` again.

Meanwhile, the same app runs as a web UI in your browser:
  npm run serve
then open the link it prints.
`);
}

async function askToStartWebUi() {
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  try {
    const answer = (await prompt.question('Start the web UI now? [Y/n] ')).trim().toLowerCase();
    return answer === '' || answer === 'y' || answer === 'yes';
  } finally {
    prompt.close();
  }
}

async function main() {
  const { binary, reason } = findElectronBinary();
  if (binary === null) {
    explainMissingElectron(reason);
    if (process.stdin.isTTY && process.stdout.isTTY && (await askToStartWebUi())) {
      return runNpm(['run', 'serve']);
    }
    return 1;
  }

  const buildCode = await run(process.execPath, [electronViteCli(), 'build']);
  if (buildCode !== 0) {
    console.error(`The build failed (exit code ${buildCode}); the desktop app was not started.`);
    return buildCode;
  }
  // With ELECTRON_RUN_AS_NODE set, Electron would run as plain Node instead of opening the app.
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  return run(binary, [projectDir], { env });
}

process.exitCode = await main();
