/**
 * CSV (RFC 4180): comma-separated, fields may be quoted with ", quotes doubled inside quotes,
 * CRLF or LF line ends, an optional UTF-8 BOM. Rows keep their line number in the file so that
 * every import error can name it.
 */
export type CsvRow = { line: number; values: string[] };
export type CsvTable = { header: string[]; rows: CsvRow[] };

export class CsvSyntaxError extends Error {
  constructor(readonly line: number, message: string) {
    super(`line ${line}: ${message}`);
    this.name = 'CsvSyntaxError';
  }
}

export function parseCsv(text: string): CsvTable {
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const length = input.length;
  const records: CsvRow[] = [];
  let record: string[] = [];
  let line = 1;
  let recordLine = 1;
  let i = 0;
  const endRecord = () => {
    if (!(record.length === 1 && record[0] === '')) records.push({ line: recordLine, values: record });
    record = [];
  };
  // Each iteration reads one field and the separator after it (comma, line end, or end of input).
  while (i <= length) {
    let value: string;
    if (input[i] === '"') {
      let out = '';
      let from = ++i;
      for (;;) {
        const quoteAt = input.indexOf('"', i);
        if (quoteAt === -1) throw new CsvSyntaxError(recordLine, 'a quoted field is not closed');
        if (input[quoteAt + 1] === '"') {
          out += input.slice(from, quoteAt + 1);
          i = from = quoteAt + 2;
          continue;
        }
        out += input.slice(from, quoteAt);
        i = quoteAt + 1;
        break;
      }
      for (let k = out.indexOf('\n'); k !== -1; k = out.indexOf('\n', k + 1)) line++;
      value = out;
      const next = input[i];
      if (i < length && next !== ',' && next !== '\n' && next !== '\r') throw new CsvSyntaxError(line, 'a quote inside an unquoted field');
    } else {
      let end = i;
      while (end < length) {
        const code = input.charCodeAt(end);
        if (code === 44 || code === 10 || code === 13) break; // , \n \r
        if (code === 34) throw new CsvSyntaxError(line, 'a quote inside an unquoted field');
        end++;
      }
      value = input.slice(i, end);
      i = end;
    }
    record.push(value);
    if (i >= length) {
      if (!(record.length === 1 && record[0] === '')) records.push({ line: recordLine, values: record });
      break;
    }
    const separator = input[i];
    i++;
    if (separator === ',') continue;
    if (separator === '\r' && input[i] === '\n') i++;
    endRecord();
    line++;
    recordLine = line;
  }
  const [headerRow, ...rows] = records;
  return { header: (headerRow?.values ?? []).map((name) => name.trim().toLowerCase()), rows };
}

function quote(value: string): string {
  return /[",\r\n]/.test(value) || /^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

type CsvValue = string | number | boolean | null | undefined;

/** Serialises rows under a header; null and undefined become empty fields. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return csvRows([header, ...rows]);
}

/** Serialises rows without a header (files whose format has none, such as PayPal's payout upload). */
export function csvRows(rows: readonly (readonly CsvValue[])[]): string {
  const lines = rows.map((row) => row.map((value) => quote(value === null || value === undefined ? '' : String(value))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** Maps each row to an object keyed by header names (missing trailing fields are ''). */
export function rowObjects(table: CsvTable): { line: number; record: Record<string, string> }[] {
  return table.rows.map((row) => {
    const record: Record<string, string> = {};
    table.header.forEach((name, index) => {
      record[name] = (row.values[index] ?? '').trim();
    });
    return { line: row.line, record };
  });
}
