import type { ImportKind, ImportReport } from '../../../../core/api/contracts/index.ts';
import { pluralize } from '../../format.ts';
import { IMPORT_KINDS } from './import-kinds.ts';
import type { LoadedCsv } from './read-csv-file.ts';

/** Rendering a thousand error rows is fine; more would only be scrolled past. */
const MAX_ERROR_ROWS = 200;

export function ReportCounts({ kind, report }: { kind: ImportKind; report: ImportReport }) {
  const labels = IMPORT_KINDS[kind].counts;
  const hasErrors = report.errors.length > 0;
  return (
    <dl className="report-counts" aria-label="Summary">
      <div className="report-count">
        <dt>Rows</dt>
        <dd>{report.rows.toLocaleString()}</dd>
      </div>
      <div className="report-count">
        <dt>{labels.created}</dt>
        <dd>{report.created.toLocaleString()}</dd>
      </div>
      {!IMPORT_KINDS[kind].hasUpdates ? null : (
        <div className="report-count">
          <dt>{labels.updated}</dt>
          <dd>{report.updated.toLocaleString()}</dd>
        </div>
      )}
      <div className="report-count">
        <dt>{labels.unchanged}</dt>
        <dd>{report.unchanged.toLocaleString()}</dd>
      </div>
      <div className={hasErrors ? 'report-count is-danger' : 'report-count'}>
        <dt>Problems</dt>
        <dd>
          {report.errors.length.toLocaleString()}
          {report.errors_truncated ? '+' : ''}
        </dd>
      </div>
    </dl>
  );
}

/** Every problem with its line and column, as the server found them. */
export function ReportErrors({ report }: { report: ImportReport }) {
  const shown = report.errors.slice(0, MAX_ERROR_ROWS);
  const hidden = report.errors.length - shown.length;
  return (
    <div className="report-errors">
      <div className="scroll-table">
        <table className="mini-table" aria-label="Problems">
          <thead>
            <tr>
              <th scope="col" className="col-line">
                Line
              </th>
              <th scope="col" className="col-column">
                Column
              </th>
              <th scope="col">Problem</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((error, index) => (
              <tr key={`${error.line}-${error.column ?? ''}-${index}`}>
                <td className="col-line">{error.line.toLocaleString()}</td>
                <td className="col-column">{error.column === null ? <span className="cell-muted">—</span> : <code>{error.column}</code>}</td>
                <td>{error.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {hidden > 0 || report.errors_truncated ? (
        <p className="field-hint">
          {hidden > 0 ? `${pluralize(hidden, 'more problem')} not shown. ` : ''}
          {report.errors_truncated ? 'The server stopped counting after the first 1,000.' : ''}
        </p>
      ) : null}
    </div>
  );
}

/** The file's first rows as read, with their line numbers, so a wrong file is obvious. */
export function FilePreview({ file, errorLines }: { file: LoadedCsv; errorLines?: ReadonlySet<number> }) {
  if (file.header.length === 0) return null;
  return (
    <div className="file-preview">
      <p className="file-preview-title">
        First {pluralize(file.preview.length, 'row')} of {file.name}
      </p>
      <div className="scroll-table">
        <table className="mini-table mini-table-nowrap" aria-label="File preview">
          <thead>
            <tr>
              <th scope="col" className="col-line">
                Line
              </th>
              {file.header.map((column, index) => (
                <th scope="col" key={`${column}-${index}`}>
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {file.preview.map((row) => (
              <tr key={row.line} className={errorLines?.has(row.line) ? 'is-error' : undefined}>
                <td className="col-line">{row.line.toLocaleString()}</td>
                {file.header.map((column, index) => (
                  <td key={`${column}-${index}`} title={row.values[index] ?? ''}>
                    {row.values[index] ?? ''}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
