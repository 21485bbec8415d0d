import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readServeEnv } from './env.ts';
import { startServices, type StartedServices } from './services.ts';
import { readFile, writeFile } from 'node:fs/promises';
import type { ImportKind, ImportReport } from '../api/contracts/imports.ts';

function isImportKind(value: string): value is ImportKind {
  return value === 'creators' || value === 'videos' || value === 'metrics';
}

async function runImport(services: StartedServices, kind: ImportKind, csv: string, dryRun: boolean): Promise<number> {
  const lines = csv.split('\n').length - 1;
  console.error(`${dryRun ? 'Checking' : 'Importing'} ${kind} (${lines.toLocaleString('en-US')} lines)…`);
  const response = await services.handle({ method: 'POST', path: `/imports/${kind}`, body: { csv, dry_run: dryRun } }, services.localPrincipal());
  const body = response.body as { data: ImportReport | null; error: { message: string } | null; meta: { report?: ImportReport } };
  const report = body.data ?? body.meta.report;
  if (report) {
    console.log(`${report.rows} rows: ${report.created} new, ${report.updated} updated, ${report.unchanged} unchanged${dryRun ? ' (dry run: nothing written)' : ''}`);
    for (const error of report.errors) console.log(`  line ${error.line}${error.column ? ` [${error.column}]` : ''}: ${error.message}`);
    if (report.errors_truncated) console.log('  … more problems not listed');
  }
  if (body.error) {
    console.error(body.error.message);
    return 1;
  }
  return report && report.errors.length > 0 ? 1 : 0;
}

async function runExport(services: StartedServices, kind: ImportKind, project: string | undefined, out: string | undefined): Promise<number> {
  const response = await services.handle({ method: 'GET', path: `/exports/${kind}`, query: project ? { project_id: project } : {} }, services.localPrincipal());
  if (typeof response.body !== 'string') {
    console.error((response.body as { error: { message: string } }).error.message);
    return 1;
  }
  if (out) {
    await writeFile(resolve(out), response.body);
    console.error(`Wrote ${resolve(out)}`);
  } else process.stdout.write(response.body);
  return 0;
}

const USAGE = `Usage: npm run payouts -- <command>

Commands:
  keys create --name NAME   create an API key (printed once; store it safely)
  keys list                 list keys (prefixes only)
  keys revoke ID|PREFIX     revoke a key
  import creators|videos|metrics FILE [--dry-run]
                            import a CSV file (all rows or none; --dry-run only checks)
  export creators|videos|metrics [--project ID] [--out FILE]
                            write a CSV file (to standard output without --out)

The store is the one in PAYOUTS_DATA_DIR (default ~/.payouts-desk). Stop a running
desktop app or server on that folder first.`;

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      'dry-run': { type: 'boolean' },
      project: { type: 'string' },
      out: { type: 'string' },
    },
  });
  const [group, command, ...rest] = positionals;
  if (values.help || !group) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  if (!['keys', 'import', 'export'].includes(group) || !command) throw new UsageError(`Unknown command: ${positionals.join(' ')}`);
  if (group !== 'keys' && !isImportKind(command)) throw new UsageError(`${group} takes creators, videos or metrics, not "${command}"`);
  const file = rest[0];
  if (group === 'import' && !file) throw new UsageError(`import ${command} needs a FILE`);
  const csv = group === 'import' ? await readFile(resolve(file as string), 'utf8') : '';
  if (group === 'keys' && command === 'create' && !values.name?.trim()) throw new UsageError('keys create needs --name NAME');

  const env = readServeEnv(process.env);
  const services = await startServices({ dataDir: resolve(env.PAYOUTS_DATA_DIR), accrualIntervalMs: false });
  try {
    if (group === 'import') return await runImport(services, command as ImportKind, csv, values['dry-run'] ?? false);
    if (group === 'export') return await runExport(services, command as ImportKind, values.project, values.out);
    const keys = services.api.keys;
    switch (command) {
      case 'create': {
        if (!values.name?.trim()) throw new UsageError('keys create needs --name NAME');
        const { key, record } = await keys.create(values.name);
        console.log(`Created key "${record.name}" (id ${record.id}).`);
        console.log('');
        console.log(`  ${key}`);
        console.log('');
        console.log('This is the only time the key is shown. Use it as: Authorization: Bearer <key>');
        return 0;
      }
      case 'list': {
        const list = await keys.list();
        if (list.length === 0) console.log('No keys yet. Create one with: npm run payouts -- keys create --name NAME');
        for (const key of list) {
          const state = key.revoked_at ? `revoked ${key.revoked_at}` : 'active';
          console.log(`${key.id}  ${key.prefix}…  ${key.name}  created ${key.created_at}  ${state}`);
        }
        return 0;
      }
      case 'revoke': {
        const target = rest[0];
        if (!target) throw new UsageError('keys revoke needs the key id or prefix');
        const revoked = await keys.revoke(target);
        if (!revoked) {
          console.error(`No single key matches "${target}". See: npm run payouts -- keys list`);
          return 1;
        }
        console.log(`Revoked key "${revoked.name}" (${revoked.prefix}…).`);
        return 0;
      }
      default:
        throw new UsageError(`Unknown command: keys ${command}`);
    }
  } finally {
    await services.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) console.error(`${error.message}\n\n${USAGE}`);
    else console.error(error instanceof Error ? error.message : error);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
