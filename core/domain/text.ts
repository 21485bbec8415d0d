/** Case-insensitive identity of a name: trimmed, NFKC-normalised, lower-cased. */
export function foldKey(text: string): string {
  return text.trim().normalize('NFKC').toLocaleLowerCase('en-US');
}

/** Escapes text for use inside a regular expression (search boxes use $regex). */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
