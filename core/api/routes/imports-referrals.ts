import { toCsv } from '../../domain/csv.ts';
import { handleKey } from '../../domain/creator.ts';
import { formatDecimalCents, parseDecimalCents } from '../../domain/money.ts';
import {
  REFERRAL_EVENT_TYPES,
  createReferralEventSchema,
  createReferralSchema,
  referralEventIdFor,
  referralIdFor,
  type ReferralDoc,
  type ReferralEvent,
} from '../../domain/referral.ts';
import { CSV_COLUMNS, type ImportReport } from '../contracts/imports.ts';
import { isApiError } from '../errors.ts';
import { AnswerAfterRollback, type HandlerContext } from '../router.ts';
import { ErrorList, emptyReport, finish, loadCatalog, parseTimestamp, projectResolver, readTable, type Catalog } from './imports.ts';
import { recordReferral, recordReferralEvent } from './referrals.ts';

/**
 * CSV imports of referrals and of their events. Each row is recorded by the same function as
 * `POST /referrals` / `POST /referrals/{id}/events`, so a file obeys exactly the API's rules
 * (membership, dates, refunds capped at what is left) and a re-imported row is the API's retry:
 * the same external id changes nothing. A row the API would refuse becomes a row error; a file
 * with any error is rolled back whole. A dry run runs the same rows and rolls them back
 * (`AnswerAfterRollback`), so its report is what the import would do, row for row.
 */

/** Stands in for an id a row does not resolve (that row already has its error), so the row's other fields are still checked. */
const NO_ID = '00000000-0000-4000-8000-000000000000';

/** Where the API names a body field, the file has this column. */
const REFERRAL_COLUMNS: Record<string, string> = { project_id: 'project', creator_id: 'creator', external_id: 'external_id', referred_at: 'referred_at', customer_label: 'customer_label' };
const EVENT_COLUMNS: Record<string, string> = {
  type: 'type',
  external_id: 'external_id',
  amount_cents: 'amount',
  currency: 'currency',
  occurred_at: 'occurred_at',
  refund_of: 'refund_of',
};

/** A refusal of the API as errors of the row's columns. */
function addRefusal(errors: ErrorList, line: number, error: unknown, columns: Record<string, string>): void {
  if (!isApiError(error)) throw error;
  const fields = (error.meta?.errors as { path: string; message: string }[] | undefined) ?? [];
  if (fields.length === 0) errors.add(line, null, error.message);
  for (const field of fields) errors.add(line, columns[field.path] ?? null, field.message);
}

function resolveCreator(catalog: Catalog, ref: string) {
  return catalog.creatorsById.get(ref) ?? catalog.creatorsByHandle.get(handleKey(ref));
}

/** Ends the import: a dry run is answered after its writes are rolled back; errors roll back all. */
function conclude(report: ImportReport, errors: ErrorList): ImportReport {
  if (report.dry_run) {
    finish(report, errors);
    throw new AnswerAfterRollback({ data: report });
  }
  return finish(report, errors);
}

function assertCanDryRun(ctx: HandlerContext, dryRun: boolean): void {
  if (dryRun && !ctx.canRollBack) throw new Error('a dry run of this import needs a store that rolls back (the SQLite store)');
}

export async function importReferrals(ctx: HandlerContext, csv: string, dryRun: boolean): Promise<ImportReport> {
  assertCanDryRun(ctx, dryRun);
  const errors = new ErrorList();
  const rows = readTable('referrals', csv, errors);
  const report = emptyReport('referrals', dryRun, rows.length);
  const catalog = await loadCatalog(ctx);
  const project = projectResolver(catalog, errors);
  const seen = new Map<string, number>();
  for (const { line, record } of rows) {
    const errorCount = errors.items.length;
    const found = record.project ? project(record.project, line) : null;
    const creatorRef = record.creator ?? '';
    const creator = resolveCreator(catalog, creatorRef);
    if (!creator) errors.add(line, 'creator', `no creator "${creatorRef}" (use a handle or a creator id)`);
    const referredAt = record.referred_at ? parseTimestamp(record.referred_at) : undefined;
    if (referredAt === null) errors.add(line, 'referred_at', 'referred_at must be a date or an ISO 8601 timestamp');
    const fields = createReferralSchema.safeParse({
      project_id: found?.id ?? NO_ID,
      creator_id: creator?.id ?? NO_ID,
      external_id: record.external_id ?? '',
      customer_label: record.customer_label || null,
      ...(referredAt && { referred_at: referredAt }),
    });
    if (!fields.success) for (const issue of fields.error.issues) errors.add(line, REFERRAL_COLUMNS[String(issue.path[0])] ?? null, issue.message);
    if (errors.items.length > errorCount || !found || !creator || !fields.success) continue;
    const id = referralIdFor(found.id, fields.data.external_id);
    if (seen.has(id)) {
      errors.add(line, 'external_id', `the same referral is already on line ${seen.get(id)}`);
      continue;
    }
    seen.set(id, line);
    const existing = await ctx.db.referrals.findOne(id).exec();
    if (existing) {
      if (existing.creator_id === creator.id) report.unchanged++;
      else errors.add(line, 'creator', `this referral is recorded for ${catalog.creatorsById.get(existing.creator_id)?.name ?? 'another creator'}; a referral's creator cannot change`);
      continue;
    }
    try {
      await recordReferral(ctx, fields.data);
      report.created++;
    } catch (error) {
      addRefusal(errors, line, error, REFERRAL_COLUMNS);
    }
  }
  return conclude(report, errors);
}

export async function importReferralEvents(ctx: HandlerContext, csv: string, dryRun: boolean): Promise<ImportReport> {
  assertCanDryRun(ctx, dryRun);
  const errors = new ErrorList();
  const rows = readTable('referral_events', csv, errors);
  const report = emptyReport('referral_events', dryRun, rows.length);
  const catalog = await loadCatalog(ctx);
  const project = projectResolver(catalog, errors);
  const referrals = new Map<string, ReferralDoc | null>();
  const seen = new Map<string, number>();
  for (const { line, record } of rows) {
    const errorCount = errors.items.length;
    const found = record.project ? project(record.project, line) : null;
    const referralRef = record.referral ?? '';
    let referral: ReferralDoc | null = null;
    if (found && referralRef !== '') {
      const referralId = referralIdFor(found.id, referralRef);
      if (!referrals.has(referralId)) referrals.set(referralId, (await ctx.db.referrals.findOne(referralId).exec())?.toMutableJSON() ?? null);
      referral = referrals.get(referralId) ?? null;
      if (!referral) errors.add(line, 'referral', `no referral "${referralRef}" in ${found.name} (the referral's external id; import the referrals first)`);
    } else if (referralRef === '') errors.add(line, 'referral', 'referral is required');
    const type = (record.type ?? '').trim().toLowerCase();
    const amountCents = parseDecimalCents(record.amount ?? '');
    if (amountCents === null) errors.add(line, 'amount', 'amount must be a positive amount such as 123.45');
    const occurredAt = record.occurred_at ? parseTimestamp(record.occurred_at) : undefined;
    if (occurredAt === null) errors.add(line, 'occurred_at', 'occurred_at must be a date or an ISO 8601 timestamp');
    const fields = createReferralEventSchema.safeParse({
      type: (REFERRAL_EVENT_TYPES as readonly string[]).includes(type) ? type : (record.type ?? ''),
      external_id: record.external_id ?? '',
      amount_cents: amountCents ?? 1,
      ...(record.currency && { currency: record.currency.trim().toUpperCase() }),
      ...(occurredAt && { occurred_at: occurredAt }),
      // The refunded event, named by its external id on the same referral.
      refund_of: record.refund_of ? referralEventIdFor(referral?.id ?? NO_ID, record.refund_of) : null,
    });
    if (!fields.success) for (const issue of fields.error.issues) errors.add(line, EVENT_COLUMNS[String(issue.path[0])] ?? null, issue.message);
    if (errors.items.length > errorCount || !referral || !fields.success) continue;
    const id = referralEventIdFor(referral.id, fields.data.external_id);
    if (seen.has(id)) {
      errors.add(line, 'external_id', `the same event is already on line ${seen.get(id)}`);
      continue;
    }
    seen.set(id, line);
    try {
      const { created } = await recordReferralEvent(ctx, referral, fields.data);
      if (created) report.created++;
      else report.unchanged++;
    } catch (error) {
      // The refunded event is named by its external id in the file.
      if (isApiError(error) && record.refund_of && (error.meta?.errors as { path: string }[] | undefined)?.[0]?.path === 'refund_of') {
        errors.add(line, 'refund_of', `"${record.refund_of}": ${(error.meta?.errors as { message: string }[])[0]?.message ?? error.message}`);
      } else addRefusal(errors, line, error, EVENT_COLUMNS);
    }
  }
  return conclude(report, errors);
}

/** Projects by name, or by id where two share a name (so the file imports back). */
type ProjectNames = Map<string, string>;

export async function exportReferrals(ctx: HandlerContext, projects: ProjectNames, projectId: string | undefined): Promise<string> {
  const creators = new Map((await ctx.db.creators.find({ selector: { org_id: ctx.orgId } }).exec()).map((doc) => [doc.id, doc.handle ?? doc.id]));
  const docs = await ctx.db.referrals.find({ selector: { org_id: ctx.orgId, ...(projectId && { project_id: projectId }) }, sort: [{ referred_at: 'asc' }, { id: 'asc' }] as never }).exec();
  const rows = docs.map((doc) => [projects.get(doc.project_id) ?? doc.project_id, creators.get(doc.creator_id) ?? doc.creator_id, doc.external_id, doc.referred_at, doc.customer_label]);
  return toCsv(CSV_COLUMNS.referrals, rows);
}

export async function exportReferralEvents(ctx: HandlerContext, projects: ProjectNames, projectId: string | undefined): Promise<string> {
  const referrals = new Map((await ctx.db.referrals.find({ selector: { org_id: ctx.orgId, ...(projectId && { project_id: projectId }) } }).exec()).map((doc) => [doc.id, doc.external_id]));
  const docs: ReferralEvent[] = (
    await ctx.db.referral_events.find({ selector: { org_id: ctx.orgId, ...(projectId && { project_id: projectId }) }, sort: [{ occurred_at: 'asc' }, { id: 'asc' }] as never }).exec()
  ).map((doc) => doc.toMutableJSON());
  const externalIds = new Map(docs.map((event) => [event.id, event.external_id]));
  const rows = docs.map((event) => [
    projects.get(event.project_id) ?? event.project_id,
    referrals.get(event.referral_id) ?? event.referral_id,
    event.external_id,
    event.type,
    formatDecimalCents(event.amount_cents),
    event.currency,
    event.occurred_at,
    event.refund_of ? (externalIds.get(event.refund_of) ?? event.refund_of) : null,
  ]);
  return toCsv(CSV_COLUMNS.referral_events, rows);
}
