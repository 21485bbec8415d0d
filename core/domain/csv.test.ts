import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CsvSyntaxError, parseCsv, rowObjects, toCsv } from './csv.ts';

describe('CSV', () => {
  it('parses quotes, doubled quotes, embedded newlines, CRLF and a BOM, keeping line numbers', () => {
    const table = parseCsv('\ufeffName,Handle\r\n"Ada, the first","@ada"\r\n"Bo ""B""",@bo\n"multi\nline",@m\n\nlast,@l');
    expect(table.header).toEqual(['name', 'handle']);
    expect(table.rows).toEqual([
      { line: 2, values: ['Ada, the first', '@ada'] },
      { line: 3, values: ['Bo "B"', '@bo'] },
      { line: 4, values: ['multi\nline', '@m'] },
      { line: 7, values: ['last', '@l'] },
    ]);
  });

  it('reports unclosed quotes and stray quotes with their line', () => {
    expect(() => parseCsv('a\n"open')).toThrow(new CsvSyntaxError(2, 'a quoted field is not closed'));
    expect(() => parseCsv('a\nab"c')).toThrow(/line 2: a quote inside an unquoted field/);
  });

  it('round-trips any table through toCsv and parseCsv', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r\n', ' ', 'é') });
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 2, maxLength: 2 }), { maxLength: 10 }), (rows) => {
        const parsed = parseCsv(toCsv(['x', 'y'], rows));
        expect(parsed.header).toEqual(['x', 'y']);
        expect(parsed.rows.map((row) => row.values)).toEqual(rows);
      }),
    );
  });

  it('maps rows to records by header, trimming values', () => {
    expect(rowObjects(parseCsv('name,views\n Ada ,10\nBo'))).toEqual([
      { line: 2, record: { name: 'Ada', views: '10' } },
      { line: 3, record: { name: 'Bo', views: '' } },
    ]);
  });
});
