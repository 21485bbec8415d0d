import { existsSync } from 'node:fs';
import type { StatementPdfRenderer } from '../api/contracts/statements.ts';
import { statementDocument } from '../../renderer/src/screens/statements/statement-document.tsx';

/** Where Debian, Ubuntu and most Linux distributions put Chromium or Chrome. */
const CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/** Flags for a headless print: no sandbox (containers), no GPU, nothing that talks to the network. */
const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** The Chromium to print with: `PAYOUTS_CHROMIUM_PATH` when set, else the first one installed; null when none is. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  const configured = env.PAYOUTS_CHROMIUM_PATH?.trim();
  if (configured) return existsSync(configured) ? configured : null;
  return CHROMIUM_PATHS.find((path) => existsSync(path)) ?? null;
}

/**
 * Prints statements with headless Chromium: the statement view rendered to static markup with
 * its print CSS, one page per statement, `page.pdf()` per file (Letter, backgrounds printed).
 * One browser per request, closed when the files are done: statements are printed rarely, and a
 * browser left running would hold memory for nothing. playwright-core is loaded on the first
 * print, not when the host starts.
 */
export function chromiumStatementPdf(executablePath: string): StatementPdfRenderer {
  return {
    async render(statements) {
      if (statements.length === 0) return [];
      const { chromium } = await import('playwright-core');
      const browser = await chromium.launch({ executablePath, args: CHROMIUM_FLAGS, headless: true });
      try {
        const page = await browser.newPage();
        const files: Uint8Array[] = [];
        for (const statement of statements) {
          await page.setContent(statementDocument(statement), { waitUntil: 'load' });
          const pdf = await page.pdf({ format: 'Letter', printBackground: true, margin: { top: '14mm', bottom: '14mm', left: '12mm', right: '12mm' } });
          files.push(new Uint8Array(pdf));
        }
        return files;
      } finally {
        await browser.close();
      }
    },
  };
}

/** The host's statement printer: Chromium when one is installed, else none (PDF requests then say how to get one). */
export function defaultStatementPdf(env: NodeJS.ProcessEnv = process.env): StatementPdfRenderer | undefined {
  const path = findChromium(env);
  return path === null ? undefined : chromiumStatementPdf(path);
}
