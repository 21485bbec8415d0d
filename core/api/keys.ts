import { z } from 'zod';
import { apiKeyFormat, apiKeyRecordSchema, generateApiKey, hashApiKey, keyPrefix, type ApiKeyRecord } from '../domain/api-key.ts';
import type { Clock } from '../domain/clock.ts';
import type { IdSource } from '../domain/ids.ts';
import type { PayoutsDatabase } from '../store/database.ts';
import type { Principal } from './principal.ts';

const KEYS_DOC = 'api-keys';
const keysDocSchema = z.object({ keys: z.array(apiKeyRecordSchema) });

/** A key that is valid for this process only (PAYOUTS_API_KEY, the web UI's session link). */
export type TransientKey = { key: string; name: string };

/**
 * API keys live in one local document (keys are few); only hashes are stored. Transient keys
 * configured by the host are accepted too and never written anywhere.
 */
export function createKeyStore(deps: { db: PayoutsDatabase; clock: Clock; newId: IdSource; orgId: string; transient: TransientKey[] }) {
  const { db, clock, newId, orgId } = deps;
  const transientByHash = new Map<string, TransientKey>();
  for (const entry of deps.transient) {
    if (!apiKeyFormat.test(entry.key)) throw new Error(`${entry.name}: not an API key (expected tga_ followed by 32 letters or digits, or sk_…)`);
  }
  const ready = Promise.all(deps.transient.map(async (entry) => transientByHash.set(await hashApiKey(entry.key), entry)));

  async function readAll(): Promise<ApiKeyRecord[]> {
    const doc = await db.getLocal<{ keys: unknown }>(KEYS_DOC);
    if (!doc) return [];
    return keysDocSchema.parse(doc.toJSON().data).keys;
  }

  async function writeAll(keys: ApiKeyRecord[]): Promise<void> {
    await db.upsertLocal(KEYS_DOC, { keys });
  }

  return {
    /** Creates a key; the returned `key` is the only time it is ever visible. */
    async create(name: string): Promise<{ key: string; record: ApiKeyRecord }> {
      const key = generateApiKey();
      const record: ApiKeyRecord = {
        id: newId(),
        org_id: orgId,
        name: z.string().trim().min(1).max(100).parse(name),
        prefix: keyPrefix(key),
        hash: await hashApiKey(key),
        created_at: clock.now().toISOString(),
        revoked_at: null,
      };
      await writeAll([...(await readAll()), record]);
      return { key, record };
    },

    async list(): Promise<Omit<ApiKeyRecord, 'hash'>[]> {
      return (await readAll()).map(({ hash: _hash, ...rest }) => rest);
    },

    /** Revokes by id or prefix; answers what was revoked, or null when nothing matched. */
    async revoke(idOrPrefix: string): Promise<ApiKeyRecord | null> {
      const keys = await readAll();
      const matches = keys.filter((key) => key.id === idOrPrefix || key.prefix === idOrPrefix);
      if (matches.length !== 1) return null;
      const target = matches[0] as ApiKeyRecord;
      if (target.revoked_at) return target;
      const revoked = { ...target, revoked_at: clock.now().toISOString() };
      await writeAll(keys.map((key) => (key.id === target.id ? revoked : key)));
      return revoked;
    },

    /** Key names by key id as the journal's actors carry them (`transient:<prefix>` for transient keys), revoked keys included. */
    async names(): Promise<Map<string, string>> {
      const names = new Map<string, string>();
      for (const entry of deps.transient) names.set(`transient:${keyPrefix(entry.key)}`, entry.name);
      for (const record of await readAll()) names.set(record.id, record.name);
      return names;
    },

    async authenticate(bearer: string | undefined): Promise<Principal | null> {
      await ready;
      if (!bearer || !apiKeyFormat.test(bearer)) return null;
      const hash = await hashApiKey(bearer);
      const transient = transientByHash.get(hash);
      if (transient) return { kind: 'api_key', keyId: `transient:${keyPrefix(bearer)}`, orgId, name: transient.name };
      const record = (await readAll()).find((key) => key.hash === hash && key.revoked_at === null);
      return record ? { kind: 'api_key', keyId: record.id, orgId: record.org_id, name: record.name } : null;
    },
  };
}
export type KeyStore = ReturnType<typeof createKeyStore>;
