import { useEffect, useState } from 'react';
import { z } from 'zod';
import type { WatchRows, WatchSpec } from '../../../core/api/contracts/watch.ts';
import { useBackendSession } from '../app/backend-context.ts';
import type { ClientError } from './client.ts';
import { watchRowSchemas } from './response-schemas.ts';
import { stableKey } from './stable-key.ts';

export type WatchState<Row> = {
  rows: Row[];
  /** How many rows match the filter, across every page. */
  total: number;
  error: ClientError | null;
  /** True until the first answer for the current spec; the previous rows stay visible meanwhile. */
  isLoading: boolean;
  /** `accruals`: the sum of amount_cents over every row matching the filter (all pages); null for other queries. */
  sumAmountCents: number | null;
};

type Snapshot<Row> = { key: string | null; rows: Row[]; total: number; sumAmountCents: number | null; error: ClientError | null };

const NO_ROWS: never[] = [];

/**
 * Subscribes to a live query run by the main process or server. Re-subscribes only when the
 * spec's content changes (not its identity), and unsubscribes on unmount.
 */
export function useWatch<S extends WatchSpec>(spec: S): WatchState<WatchRows[S['name']]> {
  type Row = WatchRows[S['name']];
  const { handle } = useBackendSession();
  const key = stableKey(spec);
  const [snapshot, setSnapshot] = useState<Snapshot<Row>>({ key: null, rows: NO_ROWS, total: 0, sumAmountCents: null, error: null });

  useEffect(() => {
    const current = JSON.parse(key) as WatchSpec;
    const rowsSchema = z.array(watchRowSchemas[current.name]);
    let isActive = true;
    const unsubscribe = handle.backend.watch(current, (message) => {
      if (!isActive) return;
      if (message.type === 'error') {
        setSnapshot((previous) => ({ ...previous, key, error: message.error }));
        return;
      }
      const rows = rowsSchema.safeParse(message.rows);
      if (!rows.success) {
        console.warn(`live query ${current.name} sent rows in an unexpected shape`, message.rows, rows.error.issues);
        setSnapshot((previous) => ({
          ...previous,
          key,
          error: { code: 'bad_response', message: 'The server sent rows in an unexpected format.' },
        }));
        return;
      }
      const sum = message.sum_amount_cents;
      const sumAmountCents = typeof sum === 'number' && Number.isSafeInteger(sum) ? sum : null;
      setSnapshot({ key, rows: rows.data as Row[], total: message.total, sumAmountCents, error: null });
    });
    return () => {
      isActive = false;
      unsubscribe();
    };
  }, [handle, key]);

  const isCurrent = snapshot.key === key;
  return {
    rows: snapshot.rows,
    total: snapshot.total,
    error: isCurrent ? snapshot.error : null,
    isLoading: !isCurrent,
    sumAmountCents: snapshot.sumAmountCents,
  };
}
