import { useCallback, useEffect, useRef, useState } from 'react';
import type { RouteKey } from '../../../core/api/contracts/index.ts';
import { useApi } from '../app/backend-context.ts';
import type { ApiClient, CallResult } from './client.ts';

type Loaded<K extends RouteKey> = { requestKey: string; version: number; result: CallResult<K> };

export type ResourceState<K extends RouteKey> = {
  /** The latest answer for this request; a previous one stays while a reload runs. */
  result: CallResult<K> | null;
  isLoading: boolean;
  /** Fetches again, e.g. after this screen changed the thing it shows. */
  reload(): void;
};

/**
 * One GET, for what no live query covers yet (a single creator with its goals, one video's
 * history). `requestKey` names the request: when it changes, the resource is fetched again.
 */
export function useResource<K extends RouteKey>(requestKey: string, fetch: (api: ApiClient) => Promise<CallResult<K>>): ResourceState<K> {
  const api = useApi();
  const fetchRef = useRef(fetch);
  const [version, setVersion] = useState(0);
  const [loaded, setLoaded] = useState<Loaded<K> | null>(null);

  useEffect(() => {
    fetchRef.current = fetch;
  });

  useEffect(() => {
    let isActive = true;
    void fetchRef.current(api).then((result) => {
      if (isActive) setLoaded({ requestKey, version, result });
    });
    return () => {
      isActive = false;
    };
  }, [api, requestKey, version]);

  const reload = useCallback(() => setVersion((current) => current + 1), []);
  const isCurrent = loaded !== null && loaded.requestKey === requestKey;
  return { result: isCurrent ? loaded.result : null, isLoading: !isCurrent || loaded.version !== version, reload };
}
