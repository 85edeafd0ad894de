/**
 * Text safety: which characters text from outside may carry into Notula. Titles, names and
 * transcripts are typed by clients and transcribers and end up in pages, subtitle players, Word and
 * file systems, so anything that could hide, reorder or break the text around it is removed here.
 * Four operations, one per kind of text:
 * - `cleanLabel`: a title, a participant's or a speaker's name — one line, trimmed;
 * - `safeFilename`: a file name a client sent — a label, without path parts or a leading dot;
 * - `cleanTyped`: text a person typed (turns, review comments) — lines and tabs kept;
 * - `cleanForExport`: transcript text as every export format writes it — also well-formed and NFC.
 */

// Bidi embeddings and overrides (U+202A–U+202E) and isolates (U+2066–U+2069) make a line read
// differently from what was typed; LRM/RLM marks are kept because they cannot reorder anything.
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;
// C0 controls but tab, newline and carriage return; DEL; C1 controls; the BOM; the noncharacters
// U+FFFE and U+FFFF. All invisible, and any of them corrupts docx XML or confuses a subtitle parser.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const HIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFEFF\uFFFE\uFFFF]/g;
const TABS_AND_BREAKS = /[\t\n\r]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text a person typed (turn text, comments): control, bidi-override and hidden characters removed; lines and tabs kept. */
export function cleanTyped(text: string): string {
  return text.replace(BIDI_CONTROLS, '').replace(HIDDEN, '');
}

/**
 * Whether text holds anything `cleanTyped` removes (bidi overrides, control or hidden characters):
 * for text that is refused rather than cleaned, such as a client's instructions and glossary terms,
 * which must reach the transcriber exactly as written or not at all.
 */
export function hasHiddenCharacters(text: string): boolean {
  return cleanTyped(text) !== text;
}

/** A title or a name: `cleanTyped` without tabs and line breaks, trimmed. */
export function cleanLabel(text: string): string {
  return cleanTyped(text).replace(TABS_AND_BREAKS, '').trim();
}

/** Longest stored file name, in UTF-16 units. */
const MAX_FILENAME = 200;

/** A client-supplied file name: its last path part as a label, no leading dots, at most 200 characters, never empty. */
export function safeFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const trimmed = cleanLabel(base).replace(/^\.+/, '').slice(0, MAX_FILENAME);
  return trimmed || 'recording';
}

/**
 * Transcript text for export: `cleanTyped`, with lone surrogates replaced by U+FFFD, every line
 * break (CR LF, CR, U+2028, U+2029) made a newline, and NFC, so each format sees the same letters.
 */
export function cleanForExport(text: string): string {
  return cleanTyped(
    text
      .replace(LONE_SURROGATE, '\uFFFD')
      .replace(/\r\n?/g, '\n')
      .replace(/[\u2028\u2029]/g, '\n'),
  ).normalize('NFC');
}
