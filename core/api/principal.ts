/**
 * Who is calling. API keys authenticate HTTP clients; the desktop window reaches the router over
 * IPC as the local user, who owns the installation.
 */
export type Principal =
  | { kind: 'api_key'; keyId: string; orgId: string; name: string }
  | { kind: 'local_user'; orgId: string }
  /** The host itself: the accrual timer. */
  | { kind: 'system'; orgId: string; name: string };

export function actorId(principal: Principal): string {
  if (principal.kind === 'api_key') return `key:${principal.keyId}`;
  return principal.kind === 'system' ? `system:${principal.name}` : 'local_user';
}
