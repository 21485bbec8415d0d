const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/**
 * SPEC §8: the team server's address must be `https://`, except for loopback hosts (a server on
 * the same machine). Answers the normalized base URL (no trailing slash) or the reason it is refused.
 */
export function checkServerUrl(input: string): { url: string } | { error: string } {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return { error: 'not a URL' };
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))) {
    return { error: 'must start with https:// (http:// only for 127.0.0.1, localhost or ::1)' };
  }
  if (url.search || url.hash) return { error: 'must not carry a query or fragment' };
  return { url: url.toString().replace(/\/+$/, '') };
}
