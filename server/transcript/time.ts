/** Time formatting for the exports. Inputs are seconds or whole milliseconds, never negative. */

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** `hh:mm:ss`, truncated to the second (hours grow past 99 rather than wrap). */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(Number.isFinite(seconds) ? seconds : 0));
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`;
}

/** `hh:mm:ss<sep>mmm` from whole milliseconds: `,` for SRT, `.` for WebVTT. */
export function cueTimestamp(ms: number, separator: ',' | '.'): string {
  const total = Math.max(0, Math.round(ms));
  return `${clock(total / 1000)}${separator}${pad(total % 1000, 3)}`;
}

/** `YYYY-MM-DD HH:MM UTC` from an ISO-8601 string; the input unchanged if it does not parse. */
export function humanDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)} UTC`;
}

/** Epoch milliseconds → ISO-8601; a missing or broken date becomes null rather than throwing. */
export function isoDate(epochMs: number | null): string | null {
  if (epochMs === null || !Number.isFinite(epochMs)) return null;
  const d = new Date(epochMs);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** Seconds rounded to the millisecond, so JSON and cue times agree. */
export function roundMs(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}
