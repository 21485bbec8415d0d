import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../core/domain/csv.ts';
import { api, startServer, type RunningServer } from '../support/server.ts';

/**
 * CSV imports of referrals and referral events over HTTP against the real `npm run serve`
 * (issue: referrals "CSV import of both"). Seed: project "Shop" with Ana (@ana) as a member and
 * Bo (@bo) outside it; a second project "Other".
 */

let server: RunningServer;
const ids = { shop: '', other: '', ana: '', bo: '' };

async function ok(method: string, path: string, body?: unknown): Promise<any> {
  const response = await api(server, method, path, body === undefined ? {} : { body });
  expect(response.status, `${method} ${path}: ${response.text}`).toBeLessThan(300);
  return response.body.data;
}

/** What a client can see of the referrals: every referral, each with its events. */
async function snapshot(): Promise<unknown> {
  const referrals: any[] = await ok('GET', '/referrals?limit=100');
  const withEvents = [];
  for (const referral of referrals) withEvents.push({ referral, events: await ok('GET', `/referrals/${referral.id}/events?limit=100`) });
  const activity = await ok('GET', '/activity?limit=1');
  return { withEvents, lastActivity: activity[0]?.id ?? null };
}

const REFERRALS = ['project,creator,external_id,referred_at,customer_label', 'Shop,@ana,cus_1,2026-05-01,Acme Inc.', `Shop,@ana,cus_2,2026-05-02T10:00:00Z,`].join('\n');
const EVENTS = [
  'project,referral,external_id,type,amount,currency,occurred_at,refund_of',
  'Shop,cus_1,ch_1,purchase,123.45,USD,2026-05-03T12:00:00Z,',
  'Shop,cus_1,re_1,refund,23.45,usd,2026-05-04T12:00:00Z,ch_1',
  'Shop,cus_2,sub_1,Subscription,"1,000",,2026-05-05,',
].join('\n');

beforeAll(async () => {
  server = await startServer({ env: { PAYOUTS_ACCRUAL_INTERVAL_SECONDS: '0', PAYOUTS_RATE_PER_MINUTE: '100000' } });
  ids.shop = (await ok('POST', '/projects', { name: 'Shop', timezone: 'UTC' })).id;
  ids.other = (await ok('POST', '/projects', { name: 'Other', timezone: 'UTC' })).id;
  ids.ana = (await ok('POST', '/creators', { name: 'Ana', handle: '@ana' })).id;
  ids.bo = (await ok('POST', '/creators', { name: 'Bo', handle: '@bo' })).id;
  await ok('POST', `/projects/${ids.shop}/creators`, { creator_ids: [ids.ana] });
  await ok('POST', `/projects/${ids.other}/creators`, { creator_ids: [ids.bo] });
}, 120_000);

afterAll(async () => {
  await server?.dispose();
});

describe('POST /imports/referrals and /imports/referral_events', () => {
  it('a dry run reports what the import would do and writes nothing, not even a journal entry', async () => {
    const before = await snapshot();
    const report = await ok('POST', '/imports/referrals', { csv: REFERRALS, dry_run: true });
    expect(report).toMatchObject({ kind: 'referrals', dry_run: true, rows: 2, created: 2, unchanged: 0, errors: [] });
    expect(await snapshot()).toEqual(before);
  });

  it('imports referrals, then their events with a refund naming its purchase by external id; importing again changes nothing', async () => {
    expect(await ok('POST', '/imports/referrals', { csv: REFERRALS })).toMatchObject({ created: 2, unchanged: 0, errors: [] });
    const referrals: any[] = await ok('GET', `/referrals?project_id=${ids.shop}`);
    expect(referrals.map((referral) => [referral.external_id, referral.creator_id, referral.referred_at, referral.customer_label]).sort()).toEqual([
      ['cus_1', ids.ana, '2026-05-01T00:00:00.000Z', 'Acme Inc.'],
      ['cus_2', ids.ana, '2026-05-02T10:00:00.000Z', null],
    ]);

    const dry = await ok('POST', '/imports/referral_events', { csv: EVENTS, dry_run: true });
    expect(dry).toMatchObject({ created: 3, errors: [] });
    expect(await ok('POST', '/imports/referral_events', { csv: EVENTS })).toMatchObject({ rows: 3, created: 3, unchanged: 0, errors: [] });
    const cus1 = referrals.find((referral) => referral.external_id === 'cus_1');
    const events: any[] = await ok('GET', `/referrals/${cus1.id}/events`);
    const purchase = events.find((event) => event.external_id === 'ch_1');
    expect(events.map((event) => [event.external_id, event.type, event.amount_cents, event.currency, event.refund_of])).toEqual([
      ['ch_1', 'purchase', 12345, 'USD', null],
      ['re_1', 'refund', 2345, 'USD', purchase.id],
    ]);
    const detail = await ok('GET', `/referrals/${cus1.id}`);
    expect([detail.event_count, detail.spend_cents, detail.refunded_cents]).toEqual([2, 12345, 2345]);
    // The list's rows carry the same sums, newest referral first.
    const listed: any[] = await ok('GET', `/referrals?project_id=${ids.shop}`);
    expect(listed.map((row) => [row.external_id, row.event_count, row.spend_cents, row.refunded_cents])).toEqual([
      ['cus_2', 1, 100000, 0],
      ['cus_1', 2, 12345, 2345],
    ]);
    const cus2 = referrals.find((referral) => referral.external_id === 'cus_2');
    expect((await ok('GET', `/referrals/${cus2.id}/events`)).map((event: any) => [event.type, event.amount_cents, event.occurred_at])).toEqual([
      ['subscription', 100000, '2026-05-05T00:00:00.000Z'],
    ]);

    const before = await snapshot();
    expect(await ok('POST', '/imports/referrals', { csv: REFERRALS })).toMatchObject({ created: 0, unchanged: 2 });
    expect(await ok('POST', '/imports/referral_events', { csv: EVENTS })).toMatchObject({ created: 0, unchanged: 3 });
    expect((await snapshot() as any).withEvents).toEqual((before as any).withEvents);
  });

  it('refuses a file with any bad row, names each problem by line and column, and imports none of it', async () => {
    const before = await snapshot();
    const csv = [
      'project,creator,external_id,referred_at,customer_label',
      'Shop,@ana,cus_new,2026-05-01,', // fine on its own, but the file has errors
      'Shop,@bo,cus_bo,2026-05-01,', // Bo is not a member of Shop
      'Shop,@nobody,cus_x,,',
      'Nowhere,@ana,cus_y,,',
      'Shop,@ana,cus_z,2999-01-01,', // in the future
      'Shop,@ana,cus_new,2026-05-01,', // the same referral twice
      'Shop,@ana,,2026-05-01,',
      'Shop,@ana,cus_w,yesterday,',
    ].join('\n');
    const response = await api(server, 'POST', '/imports/referrals', { body: { csv } });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('invalid_body');
    const errors = response.body.meta.report.errors.map((error: any) => [error.line, error.column]);
    expect(errors).toEqual([
      [3, 'creator'],
      [4, 'creator'],
      [5, 'project'],
      [6, 'referred_at'],
      [7, 'external_id'],
      [8, 'external_id'],
      [9, 'referred_at'],
    ]);
    expect(response.body.meta.report.errors[0].message).toMatch(/not a member/i);
    expect(await snapshot()).toEqual(before);

    // A dry run of the same file answers 200 with the same problems, and writes nothing either.
    const dry = await ok('POST', '/imports/referrals', { csv, dry_run: true });
    expect(dry.errors.map((error: any) => [error.line, error.column])).toEqual(errors);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses events the API would refuse: refund over what is left, refund of a refund, unknown referral or event, bad amounts and types', async () => {
    const before = await snapshot();
    const csv = [
      'project,referral,external_id,type,amount,currency,occurred_at,refund_of',
      'Shop,cus_1,re_2,refund,100.01,USD,2026-05-06,ch_1', // 100.00 is left of ch_1
      'Shop,cus_1,re_3,refund,1.00,USD,2026-05-06,re_1', // a refund of a refund
      'Shop,cus_1,re_4,refund,1.00,USD,2026-05-06,ch_404',
      'Shop,cus_404,ch_9,purchase,5.00,USD,2026-05-06,',
      'Shop,cus_1,ch_10,purchase,-5.00,USD,2026-05-06,',
      'Shop,cus_1,ch_11,purchase,5.001,USD,2026-05-06,',
      'Shop,cus_1,ch_12,gift,5.00,USD,2026-05-06,',
      'Shop,cus_1,ch_13,purchase,5.00,USD,2026-05-06,ch_1', // only a refund names refund_of
      'Shop,cus_1,ch_14,purchase,5.00,USD,2026-04-01,', // before the referral
      'Shop,cus_1,re_5,refund,5.00,EUR,2026-05-06,ch_1', // not the purchase's currency
    ].join('\n');
    const response = await api(server, 'POST', '/imports/referral_events', { body: { csv } });
    expect(response.status).toBe(400);
    const report = response.body.meta.report;
    expect(report.errors.map((error: any) => [error.line, error.column])).toEqual([
      [2, 'amount'],
      [3, 'refund_of'],
      [4, 'refund_of'],
      [5, 'referral'],
      [6, 'amount'],
      [7, 'amount'],
      [8, 'type'],
      [9, 'refund_of'],
      [10, 'occurred_at'],
      [11, 'currency'],
    ]);
    expect(report.errors[0].message).toContain('10000 cents');
    expect(report.errors[1].message).toMatch(/refund cannot be refunded/);
    expect(await snapshot()).toEqual(before);
  });

  it('exports referrals and events as files that import back unchanged', async () => {
    const referralsCsv = (await api(server, 'GET', `/exports/referrals?project_id=${ids.shop}`)).text;
    const eventsCsv = (await api(server, 'GET', `/exports/referral_events?project_id=${ids.shop}`)).text;
    expect(parseCsv(referralsCsv).rows.map((row) => row.values)).toEqual([
      ['Shop', '@ana', 'cus_1', '2026-05-01T00:00:00.000Z', 'Acme Inc.'],
      ['Shop', '@ana', 'cus_2', '2026-05-02T10:00:00.000Z', ''],
    ]);
    expect(parseCsv(eventsCsv).rows.map((row) => row.values)).toEqual([
      ['Shop', 'cus_1', 'ch_1', 'purchase', '123.45', 'USD', '2026-05-03T12:00:00.000Z', ''],
      ['Shop', 'cus_1', 're_1', 'refund', '23.45', 'USD', '2026-05-04T12:00:00.000Z', 'ch_1'],
      ['Shop', 'cus_2', 'sub_1', 'subscription', '1000.00', 'USD', '2026-05-05T00:00:00.000Z', ''],
    ]);
    const before = await snapshot();
    expect(await ok('POST', '/imports/referrals', { csv: referralsCsv })).toMatchObject({ created: 0, unchanged: 2, errors: [] });
    expect(await ok('POST', '/imports/referral_events', { csv: eventsCsv })).toMatchObject({ created: 0, unchanged: 3, errors: [] });
    expect((await snapshot() as any).withEvents).toEqual((before as any).withEvents);
    // The other project has none.
    expect(parseCsv((await api(server, 'GET', `/exports/referrals?project_id=${ids.other}`)).text).rows).toEqual([]);
  });
});
