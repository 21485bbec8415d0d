/**
 * The statement's own styles: the same text styles the screen shows (injected next to the view)
 * and the PDF prints (embedded in the document Chromium prints). Self-contained, so a PDF looks
 * like the screen without the app's stylesheet; the print rules size it for Letter/A4 paper.
 */
export const STATEMENT_CSS = `
.st-doc { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif; color: #15181c; font-size: 13px; line-height: 1.45; background: #fff; }
.st-doc * { box-sizing: border-box; }
.st-head { display: flex; justify-content: space-between; gap: 24px; align-items: flex-start; border-bottom: 2px solid #15181c; padding-bottom: 12px; margin-bottom: 16px; }
.st-title { font-size: 20px; font-weight: 700; margin: 0 0 4px; letter-spacing: -0.01em; }
.st-sub { color: #5c6470; margin: 0; }
.st-who { text-align: right; }
.st-who-name { font-weight: 600; font-size: 15px; }
.st-summary { display: grid; grid-template-columns: repeat(6, minmax(0, 1fr)); gap: 8px; margin: 0 0 18px; }
.st-figure { border: 1px solid #dfe3e8; border-radius: 8px; padding: 8px 10px; }
.st-figure dt { color: #5c6470; font-size: 11px; text-transform: uppercase; letter-spacing: 0.04em; }
.st-figure dd { margin: 2px 0 0; font-weight: 600; font-variant-numeric: tabular-nums; font-size: 14px; }
.st-figure-total { border-color: #15181c; }
.st-table { width: 100%; border-collapse: collapse; font-variant-numeric: tabular-nums; }
.st-table th { text-align: left; font-size: 11px; text-transform: uppercase; letter-spacing: 0.04em; color: #5c6470; border-bottom: 1px solid #c9ced6; padding: 6px 8px; }
.st-table td { border-bottom: 1px solid #eceff2; padding: 6px 8px; vertical-align: top; }
.st-table tr { break-inside: avoid; }
.st-num { text-align: right; white-space: nowrap; }
.st-date { white-space: nowrap; color: #3a4048; }
.st-kind { display: inline-block; font-size: 11px; border-radius: 999px; padding: 1px 8px; background: #f1f3f5; color: #3a4048; white-space: nowrap; }
.st-kind-payment { background: #e9f8ec; color: #2b8a3e; }
.st-kind-clawback { background: #fff3f3; color: #c92a2a; }
.st-kind-adjustment { background: #fff6e5; color: #9c5200; }
.st-carry td { font-weight: 600; background: #f8f9fa; }
.st-ref { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 10px; color: #8a919b; }
.st-empty { color: #5c6470; padding: 16px 8px; }
.st-foot { margin-top: 16px; color: #5c6470; font-size: 11px; }
@page { size: auto; margin: 14mm 12mm; }
@media print { .st-doc { font-size: 11px; } .st-summary { grid-template-columns: repeat(6, minmax(0, 1fr)); } }
`;
