import { MAX_RECEIPT_BYTES, type ReceiptUpload } from '../../../../core/api/contracts/index.ts';
import { formatBytes } from '../import/read-csv-file.ts';

/** What a manager may upload as a receipt (a batch's CSV is attached by the app, never uploaded). */
export type ReceiptContentType = ReceiptUpload['content_type'];

/** What a receipt may be: the API's content types, and the file endings that name them. */
const TYPES_BY_EXTENSION: Record<string, ReceiptContentType> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  pdf: 'application/pdf',
};
const CONTENT_TYPES: ReadonlySet<string> = new Set(Object.values(TYPES_BY_EXTENSION));

/** For the file pickers' `accept`: the endings and the types. */
export const RECEIPT_ACCEPT = [...Object.keys(TYPES_BY_EXTENSION).map((extension) => `.${extension}`), ...CONTENT_TYPES].join(',');

/** At most this many receipts go with one payment (the API's limit). */
export const MAX_RECEIPTS_PER_PAYMENT = 10;

export type FileFacts = { name: string; size: number; type: string };

/**
 * The content type a file is sent as: the browser's own type when it is one the API takes, else
 * the one its ending names (some systems report screenshots or scans with an empty type).
 */
export function receiptContentType(file: Pick<FileFacts, 'name' | 'type'>): ReceiptContentType | null {
  const type = file.type.toLowerCase();
  if (CONTENT_TYPES.has(type)) return type as ReceiptContentType;
  if (type !== '' && type !== 'application/octet-stream') return null;
  const extension = /\.([A-Za-z0-9]+)$/.exec(file.name)?.[1]?.toLowerCase() ?? '';
  return TYPES_BY_EXTENSION[extension] ?? null;
}

export type ReceiptCheck = { ok: true; contentType: ReceiptContentType } | { ok: false; message: string };

/** Whether a file can be a receipt, and if not why, in a sentence that names the limit. */
export function checkReceiptFile(file: FileFacts): ReceiptCheck {
  const contentType = receiptContentType(file);
  if (contentType === null) return { ok: false, message: 'Not an image or PDF. Receipts can be PNG, JPEG, GIF, WebP or PDF files.' };
  if (file.size === 0) return { ok: false, message: 'The file is empty.' };
  if (file.size > MAX_RECEIPT_BYTES) return { ok: false, message: `${formatBytes(file.size)} is over the 10 MB limit for a receipt.` };
  return { ok: true, contentType };
}

export function isImageType(contentType: string): boolean {
  return contentType.startsWith('image/');
}

type WithToBase64 = Uint8Array & { toBase64?: () => string };

/**
 * Bytes → base64: natively where the engine has `Uint8Array.prototype.toBase64`, else 32 KB at a
 * time (one String.fromCharCode call per chunk stays under argument limits).
 */
export function bytesToBase64(bytes: Uint8Array): string {
  const native = (bytes as WithToBase64).toBase64;
  if (typeof native === 'function') return native.call(bytes);
  const CHUNK = 0x8000;
  let binary = '';
  for (let start = 0; start < bytes.length; start += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(start, start + CHUNK));
  }
  return btoa(binary);
}

/** Slices of a multiple of 3 bytes encode to base64 that can simply be joined (no padding inside). */
const SLICE_BYTES = 3 * 256 * 1024;

/**
 * Reads a file as base64 in 768 KB slices, reporting the share read after each, so a 10 MB scan
 * shows a moving bar and the page never stalls.
 */
export async function readFileAsBase64(file: Blob, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<string> {
  const parts: string[] = [];
  for (let start = 0; start < file.size; start += SLICE_BYTES) {
    if (signal?.aborted) throw new DOMException('reading the file was cancelled', 'AbortError');
    const slice = new Uint8Array(await file.slice(start, start + SLICE_BYTES).arrayBuffer());
    parts.push(bytesToBase64(slice));
    onProgress(Math.min(1, (start + slice.length) / file.size));
  }
  return parts.join('');
}
