import { useState } from 'react';
import type { Payment } from '../../../../core/api/contracts/index.ts';
import { useApi } from '../../app/backend-context.ts';
import { pluralize } from '../../format.ts';
import { Banner } from '../../ui/Banner.tsx';
import { ProgressBar } from '../../ui/ProgressBar.tsx';
import { useToast } from '../../ui/toast-context.ts';
import { ReceiptDropZone } from './ReceiptDropZone.tsx';
import { checkReceiptFile, readFileAsBase64, type ReceiptContentType } from './receipt-files.ts';

type Upload = { name: string; done: number; total: number; progress: number };
type Refusal = { name: string; message: string };

/**
 * "Add receipt" on a payment's page: drop or choose files; each is checked, read and sent on its
 * own (one request per receipt), so one file too large does not hold back the others.
 */
export function AddReceipts({ payment, onAdded }: { payment: Payment; onAdded(payment: Payment): void }) {
  const api = useApi();
  const toast = useToast();
  const [upload, setUpload] = useState<Upload | null>(null);
  const [refusals, setRefusals] = useState<Refusal[]>([]);

  async function add(files: File[]) {
    if (upload !== null) return;
    const refused: Refusal[] = [];
    const accepted: { file: File; contentType: ReceiptContentType }[] = [];
    for (const file of files) {
      const check = checkReceiptFile(file);
      if (check.ok) accepted.push({ file, contentType: check.contentType });
      else refused.push({ name: file.name, message: check.message });
    }
    let added = 0;
    let latest: Payment | null = null;
    for (const [index, { file, contentType }] of accepted.entries()) {
      setUpload({ name: file.name, done: index, total: accepted.length, progress: 0 });
      try {
        const data = await readFileAsBase64(file, (progress) => setUpload({ name: file.name, done: index, total: accepted.length, progress: progress * 0.5 }));
        setUpload({ name: file.name, done: index, total: accepted.length, progress: 0.5 });
        const result = await api.call('POST /payout-payments/:id/receipts', {
          params: { id: payment.id },
          body: { file_name: file.name, content_type: contentType, data_base64: data },
        });
        if (result.ok) {
          added++;
          latest = result.data;
        } else {
          refused.push({ name: file.name, message: result.error.code === 'network_error' ? 'Couldn’t reach the server; try again.' : result.error.message });
        }
      } catch (error) {
        console.warn('reading a receipt failed', error);
        refused.push({ name: file.name, message: 'This file could not be read.' });
      }
    }
    setUpload(null);
    setRefusals(refused);
    if (latest !== null) onAdded(latest);
    if (added > 0) toast.show({ tone: 'success', title: `Added ${pluralize(added, 'receipt')}` });
  }

  return (
    <div className="pay-add-receipts">
      {upload === null ? (
        <ReceiptDropZone onFiles={(files) => void add(files)} label="Add receipt files" isCompact />
      ) : (
        <div className="import-status" aria-live="polite">
          <span className="import-status-text">
            Adding {upload.name}
            {upload.total > 1 ? ` (${upload.done + 1} of ${upload.total})` : ''}…
          </span>
          <ProgressBar label={`Adding ${upload.name}`} value={(upload.done + upload.progress) / upload.total} />
        </div>
      )}
      {refusals.length === 0 ? null : (
        <Banner tone="warning" title={`${pluralize(refusals.length, 'file')} not added`}>
          <ul className="ac-failures">
            {refusals.map((refusal, index) => (
              <li key={`${index}-${refusal.name}`}>
                <span className="ac-failure-name">{refusal.name}</span>
                <span className="ac-failure-reason">{refusal.message}</span>
              </li>
            ))}
          </ul>
        </Banner>
      )}
    </div>
  );
}
