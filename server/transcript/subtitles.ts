import { buildCues } from './cues.ts';
import { oneLine } from './text.ts';
import { cueTimestamp } from './time.ts';
import type { Transcript } from './types.ts';

/**
 * SRT has no escaping, and players render `<i>`, `<font>` and `{\an8}` found in the text, so
 * angle brackets become look-alike quotation marks and braces (ASS override blocks) parentheses.
 * This also keeps `-->` out of the text, where a parser would take it for a timing line.
 */
export function escapeSrt(line: string): string {
  return line.replace(/</g, '\u2039').replace(/>/g, '\u203A').replace(/\{/g, '(').replace(/\}/g, ')');
}

/** WebVTT cue text: the three characters with meaning become character references. */
export function escapeVtt(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function renderSrt(t: Transcript): string {
  const cues = buildCues(t, { speakerPrefix: true });
  return cues
    .map(
      (c, i) =>
        `${i + 1}\n${cueTimestamp(c.startMs, ',')} --> ${cueTimestamp(c.endMs, ',')}\n` +
        `${c.lines.map(escapeSrt).join('\n')}\n`,
    )
    .join('\n');
}

/**
 * A NOTE block ends at a blank line and may not contain `-->`. Players never show it, but it is
 * escaped like cue text anyway so that no consumer of the file can meet a live tag in it.
 */
function noteText(text: string): string {
  return escapeVtt(oneLine(text).replace(/--+>/g, '->'));
}

export function renderVtt(t: Transcript): string {
  const cues = buildCues(t, { speakerPrefix: false });
  const title = noteText(t.recording.title);
  let out = 'WEBVTT\n\n';
  if (title !== '') out += `NOTE ${title}\n\n`;
  cues.forEach((c, i) => {
    // The voice annotation ends at `>` and its spaces are collapsed, so the name is escaped too.
    const voice = escapeVtt(oneLine(c.speaker));
    out +=
      `${i + 1}\n${cueTimestamp(c.startMs, '.')} --> ${cueTimestamp(c.endMs, '.')}\n` +
      `<v ${voice}>${c.lines.map(escapeVtt).join('\n')}</v>\n\n`;
  });
  return out;
}
