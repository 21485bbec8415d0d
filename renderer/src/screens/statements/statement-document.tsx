/** @jsxRuntime automatic @jsxImportSource react (the headless host loads this view through tsx to print statements) */
import { renderToStaticMarkup } from 'react-dom/server';
import type { Statement } from '../../../../core/api/contracts/statements.ts';
import { STATEMENT_CSS } from './statement-css.ts';
import { StatementView } from './StatementView.tsx';

/** A whole HTML page holding one statement view and its styles: what Chromium prints to PDF. */
export function statementDocument(statement: Statement): string {
  const body = renderToStaticMarkup(<StatementView statement={statement} />);
  const title = `Statement — ${statement.creator.name} — ${statement.from} to ${statement.to}`.replace(/[<>&]/g, '');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title><style>html,body{margin:0;background:#fff}${STATEMENT_CSS}</style></head><body>${body}</body></html>`;
}
