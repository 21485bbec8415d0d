/**
 * Saves text as a file through the browser's download (web) or Electron's save dialog (desktop):
 * a Blob behind an object URL, clicked through a temporary `<a download>`.
 */
export function downloadText(filename: string, text: string, type = 'text/csv;charset=utf-8'): void {
  downloadBlob(filename, new Blob([text], { type }));
}

/** Saves bytes as a file, the same way. */
export function downloadBytes(filename: string, bytes: Uint8Array, type = 'application/octet-stream'): void {
  downloadBlob(filename, new Blob([bytes as Uint8Array<ArrayBuffer>], { type }));
}

function downloadBlob(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Electron reads the Blob only once a path is chosen in its save dialog; keep it alive a while.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
