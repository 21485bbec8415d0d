/**
 * Who is calling. API keys authenticate HTTP clients; the desktop window reaches the router over
 * IPC as the local user, who owns the installation.
 */
export type Principal =
  | { kind: 'api_key'; keyId: string; orgId: string; name: string }
  | { kind: 'local_user'; orgId: string };

export function actorId(principal: Principal): string {
  return principal.kind === 'api_key' ? `key:${principal.keyId}` : 'local_user';
}
