import type { Video } from '../../../../core/api/contracts/index.ts';

export const PLATFORM_LABELS: Record<Video['platform'], string> = {
  tiktok: 'TikTok',
  instagram: 'Instagram',
  youtube: 'YouTube',
  other: 'Other',
};

/** "tiktok.com/@ana/video/123": the address without its scheme and "www.", for narrow cells. */
export function shortUrl(url: string): string {
  return url.replace(/^https?:\/\//i, '').replace(/^www\./i, '').replace(/\/+$/, '');
}

const compact = new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 });
const shortDateTime = new Intl.DateTimeFormat(undefined, { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });

/** "Wed, Mar 5, 2025, 9:00 AM": a moment in a table cell or a stat. */
export function formatShortDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : shortDateTime.format(date);
}

/** "12,345" in full; charts use the compact "12.3K". */
export function formatViews(views: number): string {
  return views.toLocaleString();
}

export function formatViewsCompact(views: number): string {
  return compact.format(views);
}

/** `datetime-local` value ("2026-05-01T14:30") → ISO UTC with milliseconds, or null when unreadable. */
export function localInputToIso(value: string): string | null {
  if (value.trim() === '') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** The reverse, for a default value: now (or an instant) as the browser's local `datetime-local` text. */
export function isoToLocalInput(iso: string): string {
  const date = new Date(iso);
  const pad = (part: number) => String(part).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** "1,234" or "1,234,567" typed with separators → a number; null when it is not a whole number. */
export function parseWholeNumber(text: string): number | null {
  const cleaned = text.replace(/[\s,_]/g, '');
  return /^\d{1,15}$/.test(cleaned) ? Number(cleaned) : null;
}
