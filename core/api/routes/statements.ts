import { strToU8, zipSync } from 'fflate';
import { statementCsv, statementFileStem, statementsZipStem, type Statement } from '../../domain/statement.ts';
import type { CreatorDoc } from '../../domain/creator.ts';
import type { ProjectDoc } from '../../domain/project.ts';
import { creatorStatements, defaultStatementRange, projectMembers, type StatementRange } from '../../ledger/statement.ts';
import { statementQuerySchema, statementsQuerySchema } from '../contracts/statements.ts';
import { ApiError } from '../errors.ts';
import { defineRoute, type HandlerContext } from '../router.ts';
import { findCreator } from './creators.ts';
import { findProject } from './projects.ts';

function invalidQuery(path: string, message: string): ApiError {
  return new ApiError('invalid_query', `${path} ${message}`, { meta: { errors: [{ path, message }] } });
}

/** The range asked for, or this month so far; `from` after `to` is refused. */
function rangeOf(ctx: HandlerContext, project: ProjectDoc, query: { from?: string | undefined; to?: string | undefined }): StatementRange {
  const fallback = defaultStatementRange(ctx.now, project.timezone);
  const to = query.to ?? (query.from !== undefined && query.from > fallback.to ? query.from : fallback.to);
  const from = query.from ?? (to < fallback.from ? `${to.slice(0, 8)}01` : fallback.from);
  if (from > to) throw invalidQuery('from', `must be on or before to (${from} is after ${to})`);
  return { from, to };
}

async function renderPdfs(ctx: HandlerContext, statements: readonly Statement[]): Promise<Uint8Array[]> {
  if (!ctx.statementPdf) {
    throw new ApiError('pdf_unavailable', 'PDF statements need Chromium, which this installation cannot start: install it (e.g. apt-get install chromium) or set PAYOUTS_CHROMIUM_PATH; format=csv and format=json work without it');
  }
  return ctx.statementPdf.render(statements);
}

/** One file name per statement, unique inside a zip even when two creators share a name. */
function uniqueStems(statements: readonly Statement[]): string[] {
  const seen = new Map<string, number>();
  return statements.map((statement) => {
    const stem = statementFileStem(statement);
    const count = seen.get(stem) ?? 0;
    seen.set(stem, count + 1);
    return count === 0 ? stem : `${stem}-${statement.creator.id.slice(0, 8)}`;
  });
}

/** `GET /creators/{id}/statement`: one creator's statement in one project, as JSON, CSV or PDF. */
export const getCreatorStatement = defineRoute({
  key: 'GET /creators/:id/statement',
  query: statementQuerySchema,
  isMutation: false,
  async handler(ctx, { params, query }) {
    const creator = await findCreator(ctx, params.id!, 'id');
    const project = await statementProject(ctx, creator, query.project_id);
    const [statement] = await creatorStatements(ctx.db, project, [creator], rangeOf(ctx, project, query), ctx.now);
    if (!statement) throw new Error('a statement was asked for one creator and none was built');
    const stem = statementFileStem(statement);
    if (query.format === 'csv') return { data: statementCsv(statement), raw: { contentType: 'text/csv; charset=utf-8', filename: `${stem}.csv` } };
    if (query.format === 'pdf') {
      const [pdf] = await renderPdfs(ctx, [statement]);
      return { data: pdf!, raw: { contentType: 'application/pdf', filename: `${stem}.pdf` } };
    }
    return { data: statement };
  },
});

/** The project a creator's statement is for: the one named, or their only one. */
async function statementProject(ctx: HandlerContext, creator: CreatorDoc, projectId: string | undefined): Promise<ProjectDoc> {
  if (projectId !== undefined) return findProject(ctx, projectId);
  if (creator.memberships.length === 1) return findProject(ctx, creator.memberships[0]!.project_id);
  throw invalidQuery(
    'project_id',
    creator.memberships.length === 0
      ? `is required: ${creator.name} is in no project, name the project the statement is for`
      : `is required: ${creator.name} is in ${creator.memberships.length} projects, name the one the statement is for`,
  );
}

/**
 * `GET /statements`: statements of many creators of one project (every member by default) over
 * one range; JSON lists them, CSV and PDF answer a zip with one file per creator.
 */
export const listStatements = defineRoute({
  key: 'GET /statements',
  query: statementsQuerySchema,
  isMutation: false,
  async handler(ctx, { query }) {
    const project = await findProject(ctx, query.project_id);
    const creators = query.creator_ids
      ? await Promise.all(query.creator_ids.map((id) => findCreator(ctx, id, 'creator_ids')))
      : await projectMembers(ctx.db, ctx.orgId, project.id);
    const range = rangeOf(ctx, project, query);
    const statements = await creatorStatements(ctx.db, project, creators, range, ctx.now);
    if (query.format === 'json') return { data: { statements }, meta: { count: statements.length } };
    const stems = uniqueStems(statements);
    const files: Record<string, Uint8Array> = {};
    if (query.format === 'csv') statements.forEach((statement, index) => (files[`${stems[index]}.csv`] = strToU8(statementCsv(statement))));
    else (await renderPdfs(ctx, statements)).forEach((pdf, index) => (files[`${stems[index]}.pdf`] = pdf));
    return { data: zipSync(files, { level: 6 }), raw: { contentType: 'application/zip', filename: `${statementsZipStem(project, range)}.zip` } };
  },
});

export const statementRoutes = [getCreatorStatement, listStatements];
