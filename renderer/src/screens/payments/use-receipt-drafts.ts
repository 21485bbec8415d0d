import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ReceiptUpload } from '../../../../core/api/contracts/index.ts';
import { MAX_RECEIPTS_PER_PAYMENT, checkReceiptFile, isImageType, readFileAsBase64, type ReceiptContentType } from './receipt-files.ts';

/** A file on its way to being a receipt: checked, read (with progress), and shown. */
export type ReceiptDraft = {
  key: string;
  name: string;
  size: number;
  contentType: ReceiptContentType | null;
  /** An object URL of the file itself, for an image's thumbnail; revoked when it goes. */
  previewUrl: string | null;
} & ({ state: 'reading'; progress: number } | { state: 'ready'; dataBase64: string } | { state: 'refused'; message: string });

/**
 * The receipts chosen in the Record payment dialog. Each file is checked (type, 10 MB) and read as
 * base64 once, when it is added, so the request body is the same for every retry.
 */
export function useReceiptDrafts() {
  const [drafts, setDrafts] = useState<ReceiptDraft[]>([]);
  const controllers = useRef(new Map<string, AbortController>());
  const urls = useRef(new Set<string>());

  useEffect(() => {
    const reading = controllers.current;
    const previews = urls.current;
    return () => {
      for (const controller of reading.values()) controller.abort();
      for (const url of previews) URL.revokeObjectURL(url);
    };
  }, []);

  const update = useCallback((key: string, patch: (draft: ReceiptDraft) => ReceiptDraft) => {
    setDrafts((current) => current.map((draft) => (draft.key === key ? patch(draft) : draft)));
  }, []);

  const add = useCallback(
    (files: File[], alreadyCount: number) => {
      let accepted = alreadyCount;
      const added: ReceiptDraft[] = [];
      for (const file of files) {
        const key = crypto.randomUUID();
        const check = checkReceiptFile(file);
        const base = { key, name: file.name, size: file.size, contentType: check.ok ? check.contentType : null, previewUrl: null };
        if (!check.ok) {
          added.push({ ...base, state: 'refused', message: check.message });
          continue;
        }
        if (accepted >= MAX_RECEIPTS_PER_PAYMENT) {
          added.push({ ...base, state: 'refused', message: `At most ${MAX_RECEIPTS_PER_PAYMENT} receipts per payment; add more from the payment’s page.` });
          continue;
        }
        accepted++;
        const previewUrl = isImageType(check.contentType) ? URL.createObjectURL(file) : null;
        if (previewUrl !== null) urls.current.add(previewUrl);
        added.push({ ...base, previewUrl, state: 'reading', progress: 0 });
        const controller = new AbortController();
        controllers.current.set(key, controller);
        void readFileAsBase64(file, (progress) => update(key, (draft) => (draft.state === 'reading' ? { ...draft, progress } : draft)), controller.signal)
          .then((dataBase64) => update(key, (draft) => ({ ...draft, state: 'ready', dataBase64 })))
          .catch((error: unknown) => {
            if (controller.signal.aborted) return;
            console.warn('reading a receipt failed', error);
            update(key, (draft) => ({ ...draft, state: 'refused', message: 'This file could not be read. Try choosing it again.' }));
          })
          .finally(() => controllers.current.delete(key));
      }
      setDrafts((current) => [...current, ...added]);
    },
    [update],
  );

  const remove = useCallback((key: string) => {
    controllers.current.get(key)?.abort();
    controllers.current.delete(key);
    setDrafts((current) => {
      const gone = current.find((draft) => draft.key === key);
      if (gone?.previewUrl) {
        URL.revokeObjectURL(gone.previewUrl);
        urls.current.delete(gone.previewUrl);
      }
      return current.filter((draft) => draft.key !== key);
    });
  }, []);

  const uploads = useMemo<ReceiptUpload[]>(
    () =>
      drafts.flatMap((draft) =>
        draft.state === 'ready' && draft.contentType !== null ? [{ file_name: draft.name, content_type: draft.contentType, data_base64: draft.dataBase64 }] : [],
      ),
    [drafts],
  );
  const acceptedCount = drafts.filter((draft) => draft.state !== 'refused').length;
  return {
    drafts,
    uploads,
    /** Files chosen beyond the limit are refused one by one, with the reason. */
    add: (files: File[]) => add(files, acceptedCount),
    remove,
    isReading: drafts.some((draft) => draft.state === 'reading'),
    refusedCount: drafts.filter((draft) => draft.state === 'refused').length,
  };
}
