/**
 * Display helpers shared by the pages. Pure, so they are unit-tested in Node. Words go through
 * msg() and numbers and dates through Intl in the page's language (intlLocale).
 */
import { msg, str } from '@lit/localize';
import { intlLocale } from '../i18n/intl.ts';
import type { Role } from '../types.ts';

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
  return new Intl.NumberFormat(intlLocale(), { style: 'percent', maximumFractionDigits: 0 }).format(ratio);
}

/** 1234.5 → "1,234.5" / "1.234,5", in the page's language. */
export function formatNumber(n: number, fractionDigits = 0): string {
  return new Intl.NumberFormat(intlLocale(), { maximumFractionDigits: fractionDigits }).format(n);
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '–';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(intlLocale(), { dateStyle: 'medium', timeStyle: 'short' });
}

/** "14 min 32 s left", "45 s left", "expired". */
export function formatRemaining(ms: number): string {
  if (ms <= 0) return msg('expired');
  const s = Math.ceil(ms / 1000);
  if (s < 90) return msg(str`${s} s left`);
  const m = Math.floor(s / 60);
  const ss = String(s % 60).padStart(2, '0');
  return msg(str`${m} min ${ss} s left`);
}

/** The words for a recording's or a segment's status; an unknown status shows as it is. */
export function statusLabel(status: string): string {
  switch (status) {
    case 'uploading':
      return msg('Uploading');
    case 'uploaded':
      return msg('Uploaded');
    case 'processing':
      return msg('Processing');
    case 'transcribing':
    case 'assigned':
      return msg('Being transcribed');
    case 'reviewing':
      return msg('In review');
    case 'completed':
      return msg('Completed');
    case 'failed':
      return msg('Failed');
    case 'open':
      return msg('Open');
    case 'submitted':
      return msg('Submitted');
    case 'approved':
      return msg('Approved');
    case 'returned':
      return msg('Returned');
    case 'queued':
      return msg('Queued');
    case 'running':
      return msg('Running');
    case 'done':
      return msg('Done');
    default:
      return status;
  }
}

/** A role in words. */
export function roleLabel(role: Role): string {
  switch (role) {
    case 'client':
      return msg('Client');
    case 'transcriber':
      return msg('Transcriber');
    case 'reviewer':
      return msg('Reviewer');
    case 'admin':
      return msg('Admin');
  }
}
