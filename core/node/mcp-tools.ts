import { z } from 'zod';
import type { ApiRequest, ApiResponse, Envelope } from '../api/envelope.ts';
import type { ErrorCode } from '../api/errors.ts';
import type { RouteDefinition } from '../api/router.ts';
import { createAccrualRun, getAccrual, listAccruals } from '../api/routes/accruals.ts';
import { getCreator, listCreators } from '../api/routes/creators.ts';
import { listEarnings } from '../api/routes/earnings.ts';
import { createPayment, getPayment, listPayments, patchPayment } from '../api/routes/payments.ts';
import { getProject, listProjects } from '../api/routes/projects.ts';
import { getStructure, listStructures } from '../api/routes/structures.ts';
import { getCreatorStatement } from '../api/routes/statements.ts';
import { getTaxYear } from '../api/routes/tax-years.ts';

/**
 * The MCP tools: each one is a v1 route. The tool's input schema is the route's own zod contract
 * (as JSON Schema), and a call becomes the `ApiRequest` an HTTP client would send, so the API
 * validates it and answers with the same codes. Nothing here decides anything about payouts.
 */
export type ToolAnnotations = { readOnlyHint?: boolean; destructiveHint?: boolean; idempotentHint?: boolean; openWorldHint?: boolean };

export type McpTool = {
  name: string;
  title: string;
  description: string;
  /** The definition app.ts registers: its key gives method and path, its query or body the schema. */
  route: RouteDefinition;
  /** Where the arguments other than path parameters go: the query string or the JSON body. */
  input: 'query' | 'body';
  /** JSON Schemas of path parameters that are not ids (ids are lowercase UUIDs). */
  paramSchemas?: Record<string, Record<string, unknown>>;
  /** Body fields the tool sets itself (voiding is PATCH with status "voided"). */
  fixedBody?: Record<string, unknown>;
  annotations: ToolAnnotations;
};

const READ: ToolAnnotations = { readOnlyHint: true, openWorldHint: false };

export const MCP_TOOLS: McpTool[] = [
  { name: 'list_projects', title: 'List projects', description: 'Projects (programs), oldest first. Filter by name with q; page with limit and cursor (meta.next_cursor).', route: listProjects, input: 'query', annotations: READ },
  { name: 'get_project', title: 'Get a project', description: 'One project by id.', route: getProject, input: 'query', annotations: READ },
  { name: 'list_creators', title: 'List creators', description: 'Creators, optionally of one project (project_id) or matching q; page with limit and cursor.', route: listCreators, input: 'query', annotations: READ },
  { name: 'get_creator', title: 'Get a creator', description: 'One creator by id, with their goals.', route: getCreator, input: 'query', annotations: READ },
  { name: 'list_structures', title: 'List payout structures', description: 'Payout structures (the rules accruals are computed from), optionally of one project or only active ones (is_active "true"/"false").', route: listStructures, input: 'query', annotations: READ },
  { name: 'get_structure', title: 'Get a payout structure', description: 'One payout structure by id, with its current rule and versions.', route: getStructure, input: 'query', annotations: READ },
  { name: 'list_accruals', title: 'List accruals', description: 'Accruals (what a creator earned for a period or a video milestone), newest period first. Filter by project, creator, structure, status (earned, paid, rejected, voided) and period dates; page with limit and cursor.', route: listAccruals, input: 'query', annotations: READ },
  { name: 'get_accrual', title: 'Get an accrual', description: 'One accrual by id.', route: getAccrual, input: 'query', annotations: READ },
  { name: 'list_earnings', title: 'List earnings', description: 'Accruals in the earnings vocabulary (pending, paid, failed) with a one-line description each; program_id is the project id; page with limit and offset. Amounts are integer cents.', route: listEarnings, input: 'query', annotations: READ },
  { name: 'list_payments', title: 'List payments', description: 'Payments, newest paid_at first. Filter by project, creator, status (paid, rejected, voided) and paid date (from, to); page with limit and cursor.', route: listPayments, input: 'query', annotations: READ },
  { name: 'get_payment', title: 'Get a payment', description: 'One payment by id, with its lines (the accruals it settled), adjustments and receipts.', route: getPayment, input: 'query', annotations: READ },
  {
    name: 'get_tax_year',
    title: 'Tax year report',
    description: 'Per creator, the total paid in one calendar year (by paid_at in the project\'s time zone), the payment count, and flagged at or above the reporting threshold; format "csv" gives the CSV a 1099 preparer imports.',
    route: getTaxYear,
    input: 'query',
    paramSchemas: { year: { type: ['integer', 'string'], description: 'the calendar year, e.g. 2026' } },
    annotations: READ,
  },
  {
    name: 'get_statement',
    title: 'Creator statement',
    description:
      'One creator\'s statement in one project over a range of days (from, to: YYYY-MM-DD, inclusive, in the project\'s time zone; default this month so far): the balance carried in, every accrual, clawback, payment and adjustment with the running balance, and the balance carried out. project_id may be left out when the creator is in one project. format "csv" gives the CSV text, "pdf" the printed statement as a PDF file.',
    route: getCreatorStatement,
    input: 'query',
    annotations: READ,
  },
  {
    name: 'record_payment',
    title: 'Record a payment',
    description:
      'Records money paid outside the app to a creator (POST /payout-payments). total_amount_cents is integer cents; settle named accruals (accrual_ids) or the oldest outstanding ones (auto_apply_outstanding); any difference needs adjustment_reason. idempotency_key is required: use a new UUID per payment and the same one when retrying, so a retry never pays twice.',
    route: createPayment,
    input: 'body',
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  },
  {
    name: 'void_payment',
    title: 'Void a payment',
    description: 'Voids a payment (PATCH /payout-payments/{id} with status "voided"): the accruals it settled become earned, payable again. A payment can be voided once.',
    route: patchPayment,
    input: 'body',
    fixedBody: { status: 'voided' },
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  },
  {
    name: 'run_accruals',
    title: 'Run accruals',
    description: 'Runs the accrual engine now (POST /accrual-runs) for every period that has ended by as_of (default now). Runs are idempotent: an accrual already there is counted, not written again.',
    route: createAccrualRun,
    input: 'body',
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  },
];

const IDEMPOTENCY_ARG = 'idempotency_key';

type JsonSchemaObject = { type: 'object'; properties: Record<string, unknown>; required?: string[]; [key: string]: unknown };

function routeParts(route: RouteDefinition): { method: ApiRequest['method']; path: string; params: string[] } {
  const [method, path] = route.key.split(' ') as [ApiRequest['method'], string];
  return { method, path, params: path.split('/').filter((segment) => segment.startsWith(':')).map((segment) => segment.slice(1)) };
}

/** The route's contract as the JSON Schema a client sees, plus the path parameters (and the idempotency key). */
export function toolInputSchema(tool: McpTool): JsonSchemaObject {
  const schema = tool.input === 'query' ? tool.route.query : tool.route.body;
  const json = (schema ? z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) : { type: 'object', properties: {} }) as Record<string, unknown>;
  delete json.$schema;
  const properties = { ...((json.properties as Record<string, unknown> | undefined) ?? {}) };
  const required = new Set((json.required as string[] | undefined) ?? []);
  for (const field of Object.keys(tool.fixedBody ?? {})) {
    delete properties[field];
    required.delete(field);
  }
  const extra: Record<string, unknown> = {};
  for (const param of routeParts(tool.route).params) {
    extra[param] = tool.paramSchemas?.[param] ?? { type: 'string', description: 'the id (a lowercase UUID)', pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' };
    required.add(param);
  }
  if (tool.route.idempotency === 'required') {
    extra[IDEMPOTENCY_ARG] = { type: 'string', minLength: 1, maxLength: 255, description: 'a new UUID per payment; the same one when retrying it (the Idempotency-Key header of HTTP)' };
    required.add(IDEMPOTENCY_ARG);
  }
  return { ...json, type: 'object', properties: { ...extra, ...properties }, ...(required.size > 0 && { required: [...required] }) };
}

/** A query parameter, path segment or header is text on HTTP: scalars as written, anything else as JSON. */
function asText(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value) ?? '';
}

/** The request an HTTP client would send for this call: the API validates it, not the tool. */
export function toolRequest(tool: McpTool, args: Record<string, unknown>): ApiRequest {
  const { method, path: template, params } = routeParts(tool.route);
  const rest: Record<string, unknown> = { ...args };
  let path = template;
  for (const param of params) {
    path = path.replace(`:${param}`, encodeURIComponent(rest[param] === undefined ? '' : asText(rest[param])));
    delete rest[param];
  }
  let idempotencyKey: string | undefined;
  if (tool.route.idempotency === 'required') {
    if (rest[IDEMPOTENCY_ARG] !== undefined && rest[IDEMPOTENCY_ARG] !== null) idempotencyKey = asText(rest[IDEMPOTENCY_ARG]);
    delete rest[IDEMPOTENCY_ARG];
  }
  if (tool.input === 'query') {
    const query: Record<string, string> = {};
    for (const [key, value] of Object.entries(rest)) if (value !== undefined) query[key] = asText(value);
    return { method, path, query };
  }
  return { method, path, query: {}, body: { ...rest, ...tool.fixedBody }, ...(idempotencyKey !== undefined && { idempotencyKey }) };
}

export type ToolContent = { type: 'text'; text: string } | { type: 'resource'; resource: { uri: string; mimeType: string; blob: string } };

export type ToolResult = {
  content: ToolContent[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
  _meta?: Record<string, unknown>;
};

/** Seed 002's error body (`GET /earnings`) has no code: the one code each status stands for there. */
const SEED_002_CODES: Record<number, ErrorCode> = { 400: 'invalid_query', 401: 'invalid_api_key', 404: 'not_found', 405: 'method_not_allowed', 429: 'rate_limit_exceeded' };

/** The API's answer as an MCP tool result: the envelope as structured content, errors as tool errors with the SPEC's code. */
export function toolResult(response: ApiResponse): ToolResult {
  const replayed = Object.entries(response.headers).some(([name, value]) => name.toLowerCase() === 'idempotent-replayed' && value === 'true');
  const meta = replayed ? { _meta: { idempotent_replayed: true } } : {};
  // A route answering a file (the tax year's CSV) gives its text, with nothing structured.
  if (typeof response.body === 'string' && response.status < 400) return { content: [{ type: 'text', text: response.body }], ...meta };
  // A file that is not text (a statement's PDF) as an embedded resource: its bytes in base64, named as the download would be.
  if (response.body instanceof Uint8Array && response.status < 400) {
    const header = (name: string) => Object.entries(response.headers).find(([key]) => key.toLowerCase() === name)?.[1] ?? '';
    const filename = /filename="?([^";]+)"?/.exec(header('content-disposition'))?.[1] ?? 'file';
    const mimeType = header('content-type') || 'application/octet-stream';
    return { content: [{ type: 'resource', resource: { uri: `payouts:///files/${encodeURIComponent(filename)}`, mimeType, blob: Buffer.from(response.body).toString('base64') } }], ...meta };
  }
  const body = (response.body ?? {}) as Record<string, unknown>;
  if (response.status < 400) return { content: [{ type: 'text', text: JSON.stringify(body) }], structuredContent: body, ...meta };
  const envelope = body as Partial<Envelope<unknown>> & { message?: unknown };
  const error =
    envelope.error && typeof envelope.error === 'object'
      ? envelope.error
      : { code: SEED_002_CODES[response.status] ?? 'internal_error', message: typeof envelope.message === 'string' ? envelope.message : `HTTP ${response.status}` };
  const details = Array.isArray(envelope.meta?.errors) ? (envelope.meta.errors as { path: string; message: string }[]).map((item) => `\n  ${item.path}: ${item.message}`).join('') : '';
  return {
    isError: true,
    content: [{ type: 'text', text: `${error.code}: ${error.message}${details}` }],
    structuredContent: { data: null, error, meta: envelope.meta ?? {} },
    ...meta,
  };
}
