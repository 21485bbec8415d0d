import { z } from 'zod';
import { MAX_CENTS } from '../domain/money.ts';

/** Limits an installation or team server enforces; generous defaults, configurable per host. */
export const apiConfigSchema = z.object({
  rateLimit: z
    .object({
      perMinute: z.number().int().min(1).default(600),
      perDay: z.number().int().min(1).default(100_000),
    })
    .default({ perMinute: 600, perDay: 100_000 }),
  planLimits: z
    .object({
      customMethods: z.number().int().min(0).default(25),
      activeStructures: z.number().int().min(0).default(100),
    })
    .default({ customMethods: 25, activeStructures: 100 }),
  /**
   * The tax year report's reporting threshold in cents, for every year; null keeps the rule of
   * the year (see `core/ledger/tax-year.ts`).
   */
  taxThresholdCents: z.number().int().min(0).max(MAX_CENTS).nullable().default(null),
});
export type ApiConfig = z.output<typeof apiConfigSchema>;
export type ApiConfigInput = z.input<typeof apiConfigSchema>;
