import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../../core/domain/csv.ts';
import { countCsvRows, createRecordCounter, readCsvFile, type ReadProgress } from './read-csv-file.ts';

const TRICKY = [
  'name,handle\nAna,@ana\nBen,@ben\n',
  'name,handle\r\nAna,@ana\r\nBen,@ben',
  '\uFEFFname,handle\n\nAna,@ana\n\n\nBen,@ben\n',
  'name,notes\n"Ana","line one\nline two"\n"Ben ""B"" O","a,b"\n',
  'name,notes\r\n"Ana","ends with CR\r\n"\r\nBen,x\r\n',
  'name\n',
];

describe('countCsvRows', () => {
  it.each(TRICKY)('counts the rows parseCsv finds in %j', (text) => {
    expect(countCsvRows(text)).toBe(parseCsv(text).rows.length);
  });

  it('gives the same count whatever the chunks, even with CRLF split between two', () => {
    const text = TRICKY.join('') + 'a,"b\r\nc"\r\nd,e\r\n';
    for (let size = 1; size <= 7; size++) {
      const counter = createRecordCounter();
      for (let at = 0; at < text.length; at += size) counter.feed(text.slice(at, at + size));
      const whole = createRecordCounter();
      whole.feed(text);
      expect(counter.finish().records).toBe(whole.finish().records);
    }
  });
});

describe('readCsvFile', () => {
  it('reads a file of several slices with progress, multi-byte characters across slice ends, and a preview', async () => {
    const lines = ['video,project,captured_at,views'];
    for (let index = 0; index < 40_000; index++) lines.push(`https://example.com/vidéo/${index},Été ☀️,2025-03-01T00:00:00Z,${index}`);
    const text = `${lines.join('\n')}\n`;
    const file = new File([text], 'metrics.csv', { type: 'text/csv' });
    const progress: ReadProgress[] = [];
    const loaded = await readCsvFile(file, (step) => progress.push(step), new AbortController().signal);

    expect(file.size).toBeGreaterThan(4 * 256 * 1024);
    expect(loaded.text).toBe(text);
    expect(loaded.rows).toBe(40_000);
    expect(loaded.header).toEqual(['video', 'project', 'captured_at', 'views']);
    expect(loaded.preview.map((row) => row.line)).toEqual([2, 3, 4, 5, 6]);
    expect(loaded.preview[0]?.values).toEqual(['https://example.com/vidéo/0', 'Été ☀️', '2025-03-01T00:00:00Z', '0']);
    expect(progress.length).toBeGreaterThan(2);
    expect(progress.at(-1)).toMatchObject({ bytesRead: file.size, totalBytes: file.size });
    expect(progress.map((step) => step.rows)).toEqual([...progress.map((step) => step.rows)].sort((a, b) => a - b));
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(readCsvFile(new File(['a\n1\n'], 'a.csv'), () => undefined, controller.signal)).rejects.toThrow('cancelled');
  });
});
