import { z } from 'zod';
import { FIRST_TAX_YEAR } from '../../../../core/api/contracts/index.ts';

/** What the Tax year screen remembers in this tab: the year and the project picked. */
export type TaxYearFilters = { year: number; projectId: string };

export const taxYearFiltersSchema = z.object({ year: z.number().int().min(FIRST_TAX_YEAR).max(9999), projectId: z.string() });

/**
 * The years the picker offers, newest first: this year and the six before it (the IRS asks to
 * keep records for up to seven), plus the chosen one when it is older.
 */
export function yearChoices(currentYear: number, chosen: number): number[] {
  const years: number[] = [];
  for (let year = currentYear; year >= Math.max(FIRST_TAX_YEAR, currentYear - 6); year--) years.push(year);
  if (!years.includes(chosen) && chosen >= FIRST_TAX_YEAR && chosen <= currentYear + 1) years.push(chosen);
  return years.sort((a, b) => b - a);
}

/** The year a report is usually wanted for: last year until the end of January (1099 season), then this one. */
export function defaultTaxYear(now: Date): number {
  return now.getMonth() === 0 ? now.getFullYear() - 1 : now.getFullYear();
}

/** `tax-year-2026.csv`, or `tax-year-2026-launch.csv` for one project. */
export function taxYearFilename(year: number, projectName: string | null): string {
  const slug = projectName === null ? '' : projectName.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  return `tax-year-${year}${slug === '' ? '' : `-${slug}`}.csv`;
}
