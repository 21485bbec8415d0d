import { CsvSyntaxError, parseCsv } from '../../../../core/domain/csv.ts';

export type ReadProgress = { bytesRead: number; totalBytes: number; rows: number };

export type LoadedCsv = {
  name: string;
  size: number;
  text: string;
  /** Data rows (records after the header), counted while reading. */
  rows: number;
  header: string[];
  /** The first data rows, with their line numbers, for the preview. */
  preview: { line: number; values: string[] }[];
};

const CHUNK_BYTES = 256 * 1024;
const PREVIEW_ROWS = 5;

/**
 * Counts CSV records across chunks the way `parseCsv` splits them: line ends inside quotes do not
 * end a record, CRLF is one line end, blank lines are no record.
 */
export function createRecordCounter() {
  let isQuoted = false;
  let hasContent = false;
  let lastWasCr = false;
  let records = 0;
  let offset = 0;
  /** Where the record after the preview starts in the whole text; -1 until known. */
  let previewEnd = -1;
  const endRecord = (at: number) => {
    if (hasContent) records++;
    hasContent = false;
    if (previewEnd === -1 && records === PREVIEW_ROWS + 1) previewEnd = at;
  };
  return {
    feed(text: string) {
      for (let i = 0; i < text.length; i++) {
        const code = text.charCodeAt(i);
        if (isQuoted) {
          if (code === 34) isQuoted = false;
          hasContent = true;
        } else if (code === 10) {
          if (!lastWasCr) endRecord(offset + i + 1);
        } else if (code === 13) {
          endRecord(offset + i + 1);
        } else {
          if (code === 34) isQuoted = true;
          hasContent = true;
        }
        lastWasCr = code === 13;
      }
      offset += text.length;
    },
    finish() {
      endRecord(offset);
      return { records, previewEnd: previewEnd === -1 ? offset : previewEnd };
    },
    get records() {
      return records;
    },
  };
}

export class ReadAborted extends Error {
  constructor() {
    super('reading the file was cancelled');
    this.name = 'ReadAborted';
  }
}

/**
 * Reads a file in 256 KB slices, reporting bytes read and rows counted after each, so a 6 MB file of
 * 100,000 rows shows a moving bar and the page never stalls. Only the first rows are parsed here
 * (for the preview); the server parses and checks the whole file.
 */
export async function readCsvFile(file: File, onProgress: (progress: ReadProgress) => void, signal: AbortSignal): Promise<LoadedCsv> {
  const decoder = new TextDecoder('utf-8');
  const counter = createRecordCounter();
  const parts: string[] = [];
  for (let start = 0; start < file.size; start += CHUNK_BYTES) {
    if (signal.aborted) throw new ReadAborted();
    const buffer = await file.slice(start, start + CHUNK_BYTES).arrayBuffer();
    const text = decoder.decode(buffer, { stream: true });
    parts.push(text);
    counter.feed(text);
    onProgress({ bytesRead: Math.min(file.size, start + CHUNK_BYTES), totalBytes: file.size, rows: Math.max(0, counter.records - 1) });
  }
  const rest = decoder.decode();
  parts.push(rest);
  counter.feed(rest);
  const { records, previewEnd } = counter.finish();
  const text = parts.join('');
  const { header, preview } = parseHead(text.slice(0, previewEnd));
  return { name: file.name, size: file.size, text, rows: Math.max(0, records - 1), header, preview };
}

function parseHead(head: string): Pick<LoadedCsv, 'header' | 'preview'> {
  try {
    const table = parseCsv(head);
    return { header: table.header, preview: table.rows.slice(0, PREVIEW_ROWS) };
  } catch (error) {
    // A broken quote in the first rows: the server's report names the line; no preview here.
    if (error instanceof CsvSyntaxError) return { header: [], preview: [] };
    throw error;
  }
}

const wholeNumber = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

/** "6.1 MB", "812 KB" (formatters made once: this runs on every progress step). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${wholeNumber.format(bytes / 1024)} KB`;
  return `${oneDecimal.format(bytes / (1024 * 1024))} MB`;
}

/** Data rows of a CSV text (records after the header). */
export function countCsvRows(text: string): number {
  const counter = createRecordCounter();
  counter.feed(text);
  return Math.max(0, counter.finish().records - 1);
}
