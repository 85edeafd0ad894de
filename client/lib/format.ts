/** Display helpers shared by the pages. Pure, so they are unit-tested in Node. */

/** 75.4 → "01:15"; 3725 → "1:02:05". Hours appear only when needed. */
export function formatClock(seconds: number | null | undefined): string {
  if (seconds == null || !Number.isFinite(seconds) || seconds < 0) return '--:--';
  const total = Math.floor(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = String(m).padStart(2, '0');
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** Timestamp with tenths, for turn stamps where a second is too coarse: "01:15.4". */
export function formatStamp(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--.-';
  // Whole tenths first, so 245.2 (245.19999… in binary) shows as .2, not .1.
  const tenths = Math.floor(seconds * 10 + 1e-6);
  return `${formatClock(Math.floor(tenths / 10))}.${tenths % 10}`;
}

/**
 * 512 → "512 B"; 8 MiB → "8.0 MiB"; 12 MiB → "12 MiB". The one byte formatter: the server's
 * "file too large" message uses it too, so the page and the API name a size alike.
 */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

export function formatPercent(ratio: number | null | undefined): string {
  if (ratio == null || !Number.isFinite(ratio)) return '–';
  return `${Math.round(ratio * 100)} %`;
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '–';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** "in 14 min", "in 45 s", "expired". */
export function formatRemaining(ms: number): string {
  if (ms <= 0) return 'expired';
  const s = Math.ceil(ms / 1000);
  if (s < 90) return `${s} s left`;
  const m = Math.floor(s / 60);
  return `${m} min ${String(s % 60).padStart(2, '0')} s left`;
}

export const STATUS_LABEL: Record<string, string> = {
  uploading: 'Uploading',
  uploaded: 'Uploaded',
  processing: 'Processing',
  transcribing: 'Being transcribed',
  reviewing: 'In review',
  completed: 'Completed',
  failed: 'Failed',
  open: 'Open',
  assigned: 'Being transcribed',
  submitted: 'Submitted',
  approved: 'Approved',
};
