/**
 * Every error code the v1 API answers, with its HTTP status. Seed 000's table plus the SPEC's
 * additions; a code not listed here cannot be thrown.
 */
export const ERROR_STATUS = {
  invalid_api_key: 401,
  rate_limit_exceeded: 429,
  limit_reached: 402,
  invalid_body: 400,
  invalid_query: 400,
  not_found: 404,
  method_not_allowed: 405,
  default_method: 409,
  conflict_name: 409,
  conflict_handle: 409,
  conflict_video: 409,
  conflict_id: 409,
  conflict_referral: 409,
  structure_archived: 409,
  has_accruals: 409,
  cannot_set_paid_directly: 400,
  cannot_set_status_on_paid_accrual: 409,
  currency_mismatch: 400,
  accrual_not_settleable: 409,
  adjustment_reason_required: 400,
  already_voided: 400,
  accrual_in_other_payment: 409,
  idempotency_key_required: 400,
  idempotency_key_reused: 422,
  idempotency_key_in_use: 409,
  invalid_transition: 409,
  not_in_project: 409,
  payout_handle_missing: 409,
  nothing_to_pay: 409,
  payload_too_large: 413,
  pdf_unavailable: 503,
  sync_not_configured: 409,
  sync_server_unreachable: 502,
  internal_error: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** One validation issue, as `meta.errors` lists them. */
export type FieldError = { path: string; message: string };

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly meta: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(code: ErrorCode, message: string, options: { meta?: Record<string, unknown>; headers?: Record<string, string> } = {}) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.meta = options.meta ?? {};
    this.headers = options.headers ?? {};
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}
