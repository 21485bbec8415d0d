import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readServeEnv } from './env.ts';
import { startServices } from './services.ts';

const USAGE = `Usage: npm run payouts -- <command>

Commands:
  keys create --name NAME   create an API key (printed once; store it safely)
  keys list                 list keys (prefixes only)
  keys revoke ID|PREFIX     revoke a key

The store is the one in PAYOUTS_DATA_DIR (default ~/.payouts-desk). Stop a running
desktop app or server on that folder first.`;

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { name: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  const [group, command, ...rest] = positionals;
  if (values.help || !group) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  if (group !== 'keys' || !command) throw new UsageError(`Unknown command: ${positionals.join(' ')}`);

  const env = readServeEnv(process.env);
  const services = await startServices({ dataDir: resolve(env.PAYOUTS_DATA_DIR) });
  try {
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
