/** Pure operations on a segment's turns, used by the editor. */
import type { Turn } from '../types.ts';

/** Participants first, then names already used in the recording, then names in these turns. */
export function speakerChoices(participants: string[], used: string[], turns: Turn[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const name of [...participants, ...used, ...turns.map((t) => t.speaker)]) {
    const n = name.trim();
    if (n && !seen.has(n)) {
      seen.add(n);
      out.push(n);
    }
  }
  return out.length ? out : ['Speaker 1', 'Speaker 2'];
}

/**
 * Inserts a new empty turn at `start` (to the hundredth of a second, but never before `earliest`),
 * keeping turns ordered by time. The speaker defaults to whoever spoke before the current speaker,
 * since conversations mostly alternate. Returns the new turns and the index of the inserted one.
 */
export function insertTurn(
  turns: Turn[],
  start: number,
  current: number,
  choices: string[],
  earliest = 0,
): [Turn[], number] {
  const cur = turns[current];
  let speaker = cur?.speaker ?? choices[0] ?? '';
  if (cur) {
    for (let i = current - 1; i >= 0; i--) {
      if (turns[i].speaker !== cur.speaker) {
        speaker = turns[i].speaker;
        break;
      }
    }
    if (speaker === cur.speaker) speaker = choices.find((c) => c !== cur.speaker) ?? cur.speaker;
  }
  // Rounded first: a segment may start at any millisecond, and a turn begun before it starts there.
  const begins = Math.max(earliest, round(start));
  const at = turns.findIndex((t) => t.start > begins);
  const idx = at < 0 ? turns.length : at;
  const next = [...turns.slice(0, idx), { speaker, start: begins, text: '' }, ...turns.slice(idx)];
  return [next, idx];
}

/**
 * A typed time: "75.4", "1:15.4", "01:15", "1:02:05.3" (a decimal comma too, as Indonesian writes
 * it). Null when it is not a time.
 */
export function parseStamp(text: string): number | null {
  const m = /^\s*(?:(\d+):)??(?:(\d+):)?(\d+(?:[.,]\d*)?)\s*$/.exec(text);
  if (!m) return null;
  const [h, mm, ss] = [m[1], m[2], m[3]];
  const secs = Number(ss.replace(',', '.'));
  if ((mm !== undefined || h !== undefined) && secs >= 60) return null;
  if (h !== undefined && Number(mm) >= 60) return null;
  return Number(h ?? 0) * 3600 + Number(mm ?? 0) * 60 + secs;
}

/**
 * Moves turn `index` to start at `start` (to the hundredth, within [earliest, latest)) and keeps the
 * turns in time order. Returns the turns and where the moved turn now is, or null when `start` lies
 * outside the allowed span.
 */
export function retimeTurn(
  turns: Turn[],
  index: number,
  start: number,
  earliest: number,
  latest: number,
): [Turn[], number] | null {
  const at = round(start);
  if (!Number.isFinite(at) || at < round(earliest) || at >= latest) return null;
  const moved = { ...turns[index], start: Math.max(earliest, at) };
  const rest = turns.filter((_, i) => i !== index);
  const pos = rest.findIndex((t) => t.start > moved.start);
  const idx = pos < 0 ? rest.length : pos;
  return [[...rest.slice(0, idx), moved, ...rest.slice(idx)], idx];
}

/** Inserts `insert` into `text` replacing [from, to), with spaces so tags don't glue to words. */
export function spliceText(text: string, from: number, to: number, insert: string): [string, number] {
  const before = text.slice(0, from);
  const after = text.slice(to);
  const guess = insert.endsWith(': ]');
  const lead = before && !/\s$/.test(before) ? ' ' : '';
  // A space follows too (also at the end, so typing can go straight on), unless one is there.
  const trail = after ? (/^\s/.test(after) ? '' : ' ') : guess ? '' : ' ';
  const out = before + lead + insert + trail + after;
  // Inside "[unclear: ]" the caret waits for the best guess; otherwise it goes past the tag.
  const caret = before.length + lead.length + (guess ? insert.length - 1 : insert.length + trail.length);
  return [out, caret];
}

export function turnsEqual(a: Turn[], b: Turn[]): boolean {
  return (
    a.length === b.length &&
    a.every(
      (t, i) => t.speaker === b[i].speaker && t.text === b[i].text && Math.abs(t.start - b[i].start) < 1e-3,
    )
  );
}

/** Turns as plain text, one "[mm:ss] Speaker: text" line each, for conflict and diff views. */
export function turnsToText(turns: Turn[], fmt: (s: number) => string): string {
  return turns.map((t) => `[${fmt(t.start)}] ${t.speaker}: ${t.text}`).join('\n');
}

const round = (s: number): number => Math.round(s * 100) / 100;
