import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readServeEnv } from './env.ts';
import { describeConversionProgress, startServices, storePath, type StartedServices } from './services.ts';
import { backupStoreFile, restoreStoreFile } from './backup.ts';
import { runMcpServer } from './mcp-server.ts';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { toCsv } from '../domain/csv.ts';
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

/** Payments with their lines, adjustments and receipts: payments.csv plus receipts/<id>-<name>. */
async function exportPayments(services: StartedServices, dir: string, project: string | undefined): Promise<number> {
  const selector = { org_id: services.api.orgId, ...(project && { project_id: project }) };
  const payments = (await services.db.payments.find({ selector, sort: [{ paid_at: 'asc' }] }).exec()).map((doc) => doc.toMutableJSON());
  await mkdir(join(dir, 'receipts'), { recursive: true });
  const rows: (string | number | null)[][] = [];
  let files = 0;
  for (const payment of payments) {
    const names: string[] = [];
    for (const receipt of payment.receipts) {
      const response = await services.handle({ method: 'GET', path: `/payout-payments/${payment.id}/receipts/${receipt.id}` }, services.localPrincipal());
      if (!(response.body instanceof Uint8Array)) throw new Error(`receipt ${receipt.id} of payment ${payment.id} is missing from the store`);
      const name = `${receipt.id}-${receipt.file_name.replace(/[^\w.-]+/g, '_')}`;
      await writeFile(join(dir, 'receipts', name), response.body);
      names.push(`receipts/${name}`);
      files++;
    }
    const lines = payment.payout_payment_lines.reduce((sum, line) => sum + line.amount_cents, 0);
    const adjustment = payment.payout_adjustments.reduce((sum, item) => sum + item.amount_cents, 0);
    rows.push([payment.id, payment.project_id, payment.creator_id, payment.method_id, payment.paid_at, payment.status, payment.total_amount_cents, lines, adjustment,
      payment.adjustment_reason, payment.payout_payment_lines.map((line) => line.accrual_id).join(';'), payment.tracking_url, payment.note, names.join(';')]);
  }
  const header = ['id', 'project_id', 'creator_id', 'method_id', 'paid_at', 'status', 'total_amount_cents', 'lines_cents', 'adjustment_cents', 'adjustment_reason', 'accrual_ids', 'tracking_url', 'note', 'receipts'];
  await writeFile(join(dir, 'payments.csv'), toCsv(header, rows));
  console.error(`Wrote ${payments.length} payments and ${files} receipt files to ${dir}`);
  return 0;
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
  export payments --out DIR [--project ID]
                            write payments.csv and every receipt file into DIR
  backup --out FILE         write one consistent copy of the store to FILE (works while
                            the app runs)
  restore FILE              check a backup (integrity, schema version, ledger rules) and
                            make it the store; the current store is kept aside
  mcp                       serve the API's reads and commands as MCP tools on stdio, with
                            the key in PAYOUTS_API_KEY; to the server at PAYOUTS_SERVER_URL,
                            or to the store itself when that is not set

The store is the one in PAYOUTS_DATA_DIR (default ~/.payouts-desk). Except for backup (and
mcp with PAYOUTS_SERVER_URL), stop a running desktop app or server on that folder first.`;

class UsageError extends Error {}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** backup and restore work on the store file itself: a backup runs next to a running app. */
async function runBackupOrRestore(group: 'backup' | 'restore', args: string[], out: string | undefined): Promise<number> {
  const env = readServeEnv(process.env);
  const dataDir = resolve(env.PAYOUTS_DATA_DIR);
  if (group === 'backup') {
    if (args.length > 0) throw new UsageError(`backup takes no arguments (got ${args.join(' ')}); name the file with --out FILE`);
    if (!out) throw new UsageError('backup needs --out FILE');
    const target = resolve(out);
    let last = -1;
    const { sizeBytes } = await backupStoreFile(storePath(dataDir), target, ({ bytesWritten, bytesTotal }) => {
      const percent = bytesTotal === 0 ? 100 : Math.floor((bytesWritten / bytesTotal) * 100);
      if (percent >= last + 10) {
        last = percent;
        console.error(`Backing up: ${mib(bytesWritten)} of about ${mib(bytesTotal)} (${percent}%)`);
      }
    });
    console.error(`Wrote ${target} (${mib(sizeBytes)}). Restore it with: npm run payouts -- restore ${target}`);
    return 0;
  }
  const file = args[0];
  if (!file || args.length > 1) throw new UsageError('restore needs exactly one FILE');
  const result = await restoreStoreFile(dataDir, resolve(file), { storePath: storePath(dataDir), onStep: (message) => console.error(message) });
  if (result.keptAside) console.error(`The previous store is kept at ${result.keptAside}`);
  return 0;
}

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
  if (group === 'backup' || group === 'restore') return runBackupOrRestore(group, positionals.slice(1), values.out);
  if (group === 'mcp') {
    if (positionals.length > 1) throw new UsageError(`mcp takes no arguments (got ${positionals.slice(1).join(' ')}); it is configured through PAYOUTS_SERVER_URL and PAYOUTS_API_KEY`);
    return runMcpServer();
  }
  if (!['keys', 'import', 'export'].includes(group) || !command) throw new UsageError(`Unknown command: ${positionals.join(' ')}`);
  const isPaymentsExport = group === 'export' && command === 'payments';
  if (group !== 'keys' && !isImportKind(command) && !isPaymentsExport) throw new UsageError(`${group} takes creators, videos or metrics${group === 'export' ? ' (or payments)' : ''}, not "${command}"`);
  if (isPaymentsExport && !values.out) throw new UsageError('export payments needs --out DIR (payments.csv and the receipt files are written there)');
  const file = rest[0];
  if (group === 'import' && !file) throw new UsageError(`import ${command} needs a FILE`);
  const csv = group === 'import' ? await readFile(resolve(file as string), 'utf8') : '';
  if (group === 'keys' && command === 'create' && !values.name?.trim()) throw new UsageError('keys create needs --name NAME');

  const env = readServeEnv(process.env);
  const services = await startServices({ dataDir: resolve(env.PAYOUTS_DATA_DIR), accrualIntervalMs: false, syncTimer: false, onConversionProgress: (done, total) => console.error(describeConversionProgress(done, total)) });
  try {
    if (group === 'import') return await runImport(services, command as ImportKind, csv, values['dry-run'] ?? false);
    if (isPaymentsExport) return await exportPayments(services, resolve(values.out as string), values.project);
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
