/**
 * Orders SQLite must reproduce exactly.
 *
 * RxDB compares index strings as JavaScript strings: by UTF-16 code unit. SQLite compares TEXT
 * (BINARY collation) as UTF-8 bytes, which is code point order. The two agree except for code
 * units from 0xD800 up: a surrogate (half of an emoji, say) sorts before U+E000–U+FFFF in UTF-16
 * and after them by code point. `toSqliteOrder` maps a string to one whose code point order is the
 * original's UTF-16 order: code units below 0xD800 are kept, and each code unit from 0xD800 up
 * becomes two characters, U+E000 (above every kept character) then U+0100 + (unit − 0xD800). The
 * code is prefix-free and order-preserving, so lexicographic order is preserved, and the result
 * holds no surrogates, so it survives UTF-8 unchanged. Strings without such units (nearly all)
 * are returned as they are.
 */
const NEEDS_ESCAPE = /[\uD800-\uFFFF]/;

export function toSqliteOrder(value: string): string {
  if (!NEEDS_ESCAPE.test(value)) return value;
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    out += unit < 0xd800 ? value[i] : `\uE000${String.fromCharCode(0x100 + (unit - 0xd800))}`;
  }
  return out;
}

/**
 * A 53-bit hash of a document id (cyrb53), the key of the id lookup index: an integer key makes
 * that index about a third of the size of one on the id text, and a nightly run's thousands of
 * random ids then dirty that many fewer pages. Collisions are harmless: every lookup compares the
 * stored id too.
 */
export function idHash(id: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < id.length; i++) {
    const ch = id.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/**
 * Whether a string value sorts by value exactly as RxDB's space-padded index string sorts it: no
 * character below the space and no trailing space (padding makes "ab" and "ab " equal and puts
 * "ab\t" before "ab"). Used to decide when an index scan in reverse gives a descending sort.
 */
export function isPaddingSafe(value: string): boolean {
  if (value.endsWith(' ')) return false;
  for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) < 0x20) return false;
  return true;
}
