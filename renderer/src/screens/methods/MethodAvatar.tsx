import { useState } from 'react';

/** Soft background / strong foreground pairs; a name always gets the same one. */
const PALETTE = [
  ['#e8effd', '#2f54c6'],
  ['#e6f4ee', '#1f7a52'],
  ['#fdf0e3', '#a4571a'],
  ['#f3e9fb', '#7541a8'],
  ['#fde8ec', '#b23a52'],
  ['#e4f3f6', '#1c6f80'],
  ['#f1f1e4', '#6b6b1f'],
  ['#ececf1', '#4b4b5c'],
] as const;

function paletteFor(name: string): readonly [string, string] {
  let hash = 0;
  for (const char of name.toLowerCase()) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) >>> 0;
  return PALETTE[hash % PALETTE.length] ?? PALETTE[0];
}

/**
 * The method's icon, or its initial on a colour of its own. Remote images are blocked by the CSP
 * (the app must work offline), so a failed image falls back to the initial as well.
 */
export function MethodAvatar({ name, iconUrl }: { name: string; iconUrl: string | null }) {
  const [failedUrl, setFailedUrl] = useState<string | null>(null);
  if (iconUrl !== null && iconUrl !== '' && failedUrl !== iconUrl) {
    return <img className="avatar avatar-image" src={iconUrl} alt="" onError={() => setFailedUrl(iconUrl)} />;
  }
  const [background, foreground] = paletteFor(name);
  const initial = Array.from(name.trim())[0]?.toUpperCase() ?? '?';
  return (
    <span className="avatar" style={{ backgroundColor: background, color: foreground }} aria-hidden="true">
      {initial}
    </span>
  );
}
