import { once } from 'node:events';
import { resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { generateApiKey } from '../domain/api-key.ts';
import { createHttpServer } from './http-server.ts';
import { apiConfigFromEnv, readServeEnv } from './env.ts';
import { describeConversionProgress, startServices } from './services.ts';

/**
 * `npm run serve`: the main-process services in plain Node, the v1 API and the web UI.
 * Prints a sign-in link carrying a key valid until this process stops.
 */
async function main(): Promise<void> {
  const env = readServeEnv(process.env);
  const webSessionKey = generateApiKey();
  const services = await startServices({
    dataDir: resolve(env.PAYOUTS_DATA_DIR),
    config: apiConfigFromEnv(env),
    accrualIntervalMs: env.PAYOUTS_ACCRUAL_INTERVAL_SECONDS === 0 ? false : env.PAYOUTS_ACCRUAL_INTERVAL_SECONDS * 1000,
    onConversionProgress: (done, total) => console.log(describeConversionProgress(done, total)),
    transientKeys: [
      { key: webSessionKey, name: 'web session' },
      ...(env.PAYOUTS_API_KEY ? [{ key: env.PAYOUTS_API_KEY, name: 'PAYOUTS_API_KEY' }] : []),
    ],
  });
  const server = createHttpServer({ api: services.api, staticDir: resolve(import.meta.dirname, '../../out/renderer') });
  server.listen(env.PAYOUTS_PORT, env.PAYOUTS_HOST);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const host = env.PAYOUTS_HOST.includes(':') ? `[${env.PAYOUTS_HOST}]` : env.PAYOUTS_HOST;
  const base = `http://${host}:${port}`;
  console.log(`Payouts desk is listening on ${base}`);
  console.log(`  data:   ${services.dataDir}`);
  console.log(`  API:    ${base}/api/v1  (Authorization: Bearer <key>)`);
  console.log(`  web UI: ${base}/#key=${webSessionKey}`);
  console.log('Open the web UI link in a browser. Press Ctrl+C to stop.');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: finishing pending writes and closing the store…`);
    server.closeAllConnections();
    server.close();
    await services.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
