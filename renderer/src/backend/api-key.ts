/** Where the web build keeps the API key between visits. */
export const API_KEY_STORAGE_KEY = 'payouts.apiKey';

/** Keys look like `tga_` + 32 base62 characters; `sk_` keys are accepted for seed 002 clients. */
export const API_KEY_PATTERN = /^(tga_|sk_)[0-9A-Za-z]{8,}$/;

export function readStoredApiKey(): string | null {
  try {
    return localStorage.getItem(API_KEY_STORAGE_KEY);
  } catch {
    // Storage can be disabled (private mode, policy); the user then signs in each visit.
    return null;
  }
}

export function storeApiKey(key: string): void {
  try {
    localStorage.setItem(API_KEY_STORAGE_KEY, key);
  } catch {
    // See readStoredApiKey: an unavailable storage only costs a sign-in on the next visit.
  }
}

export function forgetApiKey(): void {
  try {
    localStorage.removeItem(API_KEY_STORAGE_KEY);
  } catch {
    // Nothing stored, nothing to forget.
  }
}

/**
 * `npm run serve` prints `http://host:port/#key=tga_…`. Take the key from the fragment, keep it,
 * and scrub it from the address bar and history so it is not bookmarked or shared by accident.
 * Returns the key that was found, if any.
 */
export function consumeKeyFromLocation(): string | null {
  const hash = window.location.hash.replace(/^#/, '');
  if (!hash.includes('key=')) return null;
  const key = new URLSearchParams(hash).get('key')?.trim() ?? '';
  window.history.replaceState(null, '', window.location.pathname + window.location.search);
  if (key === '') return null;
  storeApiKey(key);
  return key;
}

/** `tga_0123…`: enough to recognise a key without showing it. */
export function maskApiKey(key: string): string {
  const prefixLength = key.startsWith('sk_') ? 7 : 8;
  return `${key.slice(0, prefixLength)}…`;
}
