import { z } from 'zod';
import { uuidSchema } from '../../domain/common.ts';
import type { Statement } from '../../domain/statement.ts';

export { statementSchema, statementEntrySchema, STATEMENT_ENTRY_KINDS, STATEMENT_CSV_HEADER } from '../../domain/statement.ts';
export type { Statement, StatementEntry, StatementEntryKind } from '../../domain/statement.ts';

/** A calendar day, 1970 or later ("2026-11-30"). */
const daySchema = z.iso.date('must be a calendar date such as 2026-11-30').refine((text) => text >= '1970-01-01', 'must be 1970-01-01 or later');
const formatSchema = z.enum(['json', 'csv', 'pdf'], { message: 'format must be "json", "csv" or "pdf"' }).default('json');

/** At most this many creators in one request for many statements (a zip of files). */
export const MAX_STATEMENTS = 500;

export const statementQuerySchema = z.strictObject({
  /** Optional when the creator belongs to exactly one project. */
  project_id: uuidSchema.optional(),
  from: daySchema.optional(),
  to: daySchema.optional(),
  format: formatSchema,
});

export const statementsQuerySchema = z.strictObject({
  project_id: uuidSchema,
  /** Comma-separated creator ids; every member of the project when omitted. */
  creator_ids: z
    .string()
    .transform((text) => [...new Set(text.split(',').map((id) => id.trim()).filter((id) => id.length > 0))])
    .pipe(z.array(uuidSchema).min(1, 'name at least one creator id').max(MAX_STATEMENTS, `at most ${MAX_STATEMENTS} creators at once`))
    .optional(),
  from: daySchema.optional(),
  to: daySchema.optional(),
  format: formatSchema,
});

/**
 * Renders statements as PDF files: Chromium printing the statement view (print CSS), one file per
 * statement. The host provides it (the headless server drives Chromium, the desktop its own).
 */
export type StatementPdfRenderer = {
  render(statements: readonly Statement[]): Promise<Uint8Array[]>;
};

export type StatementRoutes = {
  /** JSON: the statement; `format=csv` the CSV text, `format=pdf` the PDF bytes. */
  'GET /creators/:id/statement': { query: z.input<typeof statementQuerySchema>; body: undefined; data: Statement | string | Uint8Array };
  /** JSON: `{ statements }`; `format=csv|pdf`: a zip with one file per creator. */
  'GET /statements': { query: z.input<typeof statementsQuerySchema>; body: undefined; data: { statements: Statement[] } | Uint8Array };
};
