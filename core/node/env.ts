import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { apiKeyFormat } from '../domain/api-key.ts';

const intFromEnv = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** The headless server's environment, validated: a typo fails at start with a clear message. */
export const serveEnvSchema = z.object({
  PAYOUTS_HOST: z.string().min(1).default('127.0.0.1'),
  PAYOUTS_PORT: intFromEnv(0, 65535).default(8787),
  PAYOUTS_DATA_DIR: z.string().min(1).default(join(homedir(), '.payouts-desk')),
  PAYOUTS_API_KEY: z.string().regex(apiKeyFormat, 'must be tga_ followed by 32 letters or digits (or sk_ followed by 16-128 letters, digits or _)').optional(),
  PAYOUTS_RATE_PER_MINUTE: intFromEnv(1, 1_000_000).optional(),
  PAYOUTS_RATE_PER_DAY: intFromEnv(1, 1_000_000_000).optional(),
  PAYOUTS_LIMIT_CUSTOM_METHODS: intFromEnv(0, 1_000_000).optional(),
  PAYOUTS_LIMIT_ACTIVE_STRUCTURES: intFromEnv(0, 1_000_000).optional(),
  /** The tax year report's reporting threshold in cents, for every year (default: $2,000 from 2026, $600 before). */
  PAYOUTS_TAX_THRESHOLD_CENTS: intFromEnv(0, 1_000_000_000_000).optional(),
  /** Seconds between accrual runs; 0 turns the timer off. */
  PAYOUTS_ACCRUAL_INTERVAL_SECONDS: intFromEnv(0, 86_400).default(900),
});
export type ServeEnv = z.output<typeof serveEnvSchema>;

export function readServeEnv(env: NodeJS.ProcessEnv): ServeEnv {
  const parsed = serveEnvSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
  throw new Error(`Invalid environment:\n${lines.join('\n')}`);
}

export function apiConfigFromEnv(env: ServeEnv) {
  return {
    rateLimit: {
      ...(env.PAYOUTS_RATE_PER_MINUTE !== undefined && { perMinute: env.PAYOUTS_RATE_PER_MINUTE }),
      ...(env.PAYOUTS_RATE_PER_DAY !== undefined && { perDay: env.PAYOUTS_RATE_PER_DAY }),
    },
    planLimits: {
      ...(env.PAYOUTS_LIMIT_CUSTOM_METHODS !== undefined && { customMethods: env.PAYOUTS_LIMIT_CUSTOM_METHODS }),
      ...(env.PAYOUTS_LIMIT_ACTIVE_STRUCTURES !== undefined && { activeStructures: env.PAYOUTS_LIMIT_ACTIVE_STRUCTURES }),
    },
    ...(env.PAYOUTS_TAX_THRESHOLD_CENTS !== undefined && { taxThresholdCents: env.PAYOUTS_TAX_THRESHOLD_CENTS }),
  };
}
