import { useCallback, useState } from 'react';
import type { z } from 'zod';

function read<T>(key: string, schema: z.ZodType<T>, fallback: T): T {
  try {
    const raw = sessionStorage.getItem(key);
    if (raw === null) return fallback;
    const parsed = schema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : fallback;
  } catch {
    return fallback; // unreadable or unavailable storage: start from the default
  }
}

/**
 * State that survives leaving and re-opening a screen in this tab (a list's filter and order), so
 * a trip to Settings does not reset them. Stored values are checked against `schema` on the way in.
 */
export function useSessionState<T>(key: string, schema: z.ZodType<T>, fallback: T): [T, (next: T | ((current: T) => T)) => void] {
  const [value, setValue] = useState(() => read(key, schema, fallback));
  const update = useCallback(
    (next: T | ((current: T) => T)) => {
      setValue((current) => {
        const resolved = typeof next === 'function' ? (next as (current: T) => T)(current) : next;
        try {
          sessionStorage.setItem(key, JSON.stringify(resolved));
        } catch {
          // Not persisted; the screen still works for this visit.
        }
        return resolved;
      });
    },
    [key],
  );
  return [value, update];
}
