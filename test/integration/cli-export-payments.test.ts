import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServices } from '../../core/node/services.ts';
import { parseCsv } from '../../core/domain/csv.ts';
import { PROJECT_ROOT } from '../support/server.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('npm run payouts -- export payments', () => {
  it('writes payments.csv and every receipt file, byte for byte', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'payouts-export-'));
    const out = mkdtempSync(join(tmpdir(), 'payouts-export-out-'));
    dirs.push(dataDir, out);
    const services = await startServices({ dataDir, accrualIntervalMs: false });
    const call = async (method: 'POST' | 'GET', path: string, body?: unknown, idempotencyKey?: string) => {
      const response = await services.handle({ method, path, body, ...(idempotencyKey && { idempotencyKey }) }, services.localPrincipal());
      return (response.body as { data: any }).data;
    };
    const project = await call('POST', '/projects', { name: 'P' });
    const creator = await call('POST', '/creators', { name: 'Ada', handle: '@ada' });
    await call('POST', `/projects/${project.id}/creators`, { creator_ids: [creator.id] });
    const structure = await call('POST', '/payout-structures', {
      project_id: project.id, name: 'Weekly', period: 'weekly', amount_cents: 5000, currency: 'USD', criteria_type: 'recurring', criteria_params: {}, proration_mode: 'skip',
    });
    await call('POST', `/payout-structures/${structure.structure_id}/assignments`, { creator_ids: [creator.id], assigned_at: '2026-05-04T00:00:00.000Z' });
    await call('POST', '/accrual-runs', { as_of: '2026-05-18T00:00:00.000Z' });
    const receipt = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3, 255]);
    const payment = await call(
      'POST',
      '/payout-payments',
      { project_id: project.id, creator_id: creator.id, total_amount_cents: 10500, auto_apply_outstanding: true, adjustment_reason: 'bonus', receipts: [{ file_name: 'venmo receipt.png', content_type: 'image/png', data_base64: receipt.toString('base64') }] },
      'export-test-1',
    );
    await services.close();

    const result = spawnSync('npm', ['run', '-s', 'payouts', '--', 'export', 'payments', '--out', out], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, PAYOUTS_DATA_DIR: dataDir },
      encoding: 'utf8',
    });
    expect(result.status, result.stderr).toBe(0);
    const table = parseCsv(readFileSync(join(out, 'payments.csv'), 'utf8'));
    expect(table.rows).toHaveLength(1);
    const row = Object.fromEntries(table.header.map((name, index) => [name, table.rows[0]?.values[index]]));
    expect(row).toMatchObject({ id: payment.id, status: 'paid', total_amount_cents: '10500', lines_cents: '10000', adjustment_cents: '500', adjustment_reason: 'bonus' });
    const files = readdirSync(join(out, 'receipts'));
    expect(files).toHaveLength(1);
    expect(row.receipts).toBe(`receipts/${files[0]}`);
    expect(readFileSync(join(out, 'receipts', files[0] as string)).equals(receipt)).toBe(true);
  });
});
