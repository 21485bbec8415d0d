import { useCallback, useState } from 'react';
import type { PayoutMethod } from '../../../../core/api/contracts/index.ts';
import type { ApiClient } from '../../api/client.ts';
import { useApi } from '../../app/backend-context.ts';
import { quoted } from '../../format.ts';
import { useToast, type Toaster } from '../../ui/toast-context.ts';

/** One PATCH of is_active, reported by a toast. Returns whether it succeeded. */
async function changeActive(api: ApiClient, toast: Toaster, method: PayoutMethod, isActive: boolean): Promise<boolean> {
  const result = await api.call('PATCH /payout-methods/:id', { params: { id: method.id }, body: { is_active: isActive } });
  if (!result.ok) {
    toast.show({ tone: 'danger', title: `Couldn’t ${isActive ? 'enable' : 'disable'} ${quoted(method.name)}`, description: result.error.message });
  }
  return result.ok;
}

/**
 * Disable / enable a method in one click: no confirmation, because the toast offers an undo.
 * Returns the ids with a request in flight so their buttons can wait.
 */
export function useToggleActive({ isShowingDisabled }: { isShowingDisabled: boolean }) {
  const api = useApi();
  const toast = useToast();
  const [pendingIds, setPendingIds] = useState<ReadonlySet<string>>(new Set());

  const toggleActive = useCallback(
    async (method: PayoutMethod) => {
      const isActive = !method.is_active;
      setPendingIds((current) => new Set(current).add(method.id));
      const isDone = await changeActive(api, toast, method, isActive);
      setPendingIds((current) => {
        const next = new Set(current);
        next.delete(method.id);
        return next;
      });
      if (!isDone) return;
      toast.show({
        tone: 'success',
        title: `${isActive ? 'Enabled' : 'Disabled'} ${quoted(method.name)}`,
        ...(isActive || isShowingDisabled ? {} : { description: 'Disabled methods are hidden. Turn on “Include disabled” to see them.' }),
        action: {
          label: 'Undo',
          run: () =>
            void changeActive(api, toast, method, !isActive).then((isUndone) => {
              if (isUndone) toast.show({ tone: 'info', title: `${isActive ? 'Disabled' : 'Enabled'} ${quoted(method.name)} again` });
            }),
        },
      });
    },
    [api, toast, isShowingDisabled],
  );

  return { toggleActive: (method: PayoutMethod) => void toggleActive(method), pendingIds };
}
