/**
 * Editor keyboard shortcuts. Every combination uses Ctrl or Alt so none of them collides with
 * typing in a textarea; the table drives both the key handler and the on-screen panel.
 */
import { msg, str } from '@lit/localize';

export type EditorAction =
  | { kind: 'play-pause' }
  | { kind: 'seek'; by: number }
  | { kind: 'rate'; step: number }
  | { kind: 'new-turn' }
  | { kind: 'speaker'; index: number }
  | { kind: 'tag'; tag: string }
  | { kind: 'submit' }
  | { kind: 'undo' }
  | { kind: 'redo' }
  | { kind: 'zoom'; step: number };

export interface KeyLike {
  key: string;
  code?: string;
  ctrlKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  metaKey: boolean;
}

export const SEEK_SECONDS = 2;
export const RATES = [0.5, 0.75, 1, 1.25, 1.5, 1.75, 2];

export const TAGS: { tag: string; keys?: string }[] = [
  { tag: '[inaudible]', keys: 'Ctrl+I' },
  { tag: '[crosstalk]', keys: 'Ctrl+K' },
  { tag: '[laughter]', keys: 'Ctrl+L' },
  { tag: '[music]' },
  { tag: '[unclear: ]' },
  { tag: '[no speech]' },
];

/** The shortcuts as the panel lists them; a function, so the words follow the page language. */
export function shortcutHelp(): { keys: string; does: string; transcriberOnly?: boolean }[] {
  return [
    { keys: 'Ctrl+Space', does: msg('Play / pause') },
    { keys: 'Alt+← / Alt+→', does: msg(str`Back / forward ${SEEK_SECONDS} s (also Ctrl+, / Ctrl+.)`) },
    { keys: 'Ctrl+↓ / Ctrl+↑', does: msg('Slower / faster (0.5×–2×)') },
    { keys: 'Ctrl+Enter', does: msg('New speaker turn at the playhead') },
    { keys: 'Alt+1 … Alt+9', does: msg('Speaker 1–9 for the current turn') },
    { keys: 'Ctrl+I', does: msg('Insert [inaudible]') },
    { keys: 'Ctrl+K', does: msg('Insert [crosstalk]') },
    { keys: 'Ctrl+L', does: msg('Insert [laughter]') },
    { keys: 'Alt+= / Alt+-', does: msg('Zoom in / out') },
    { keys: 'Ctrl+Z / Ctrl+Shift+Z', does: msg('Undo / redo a turn change') },
    { keys: 'Tab', does: msg('Accept the glossary term offered under the text') },
    { keys: 'Alt+G', does: msg('Replace the underlined word with its glossary term') },
    { keys: 'Ctrl+Shift+Enter', does: msg('Submit'), transcriberOnly: true },
  ];
}

/** Maps a key event to an editor action, or null when the key is ordinary typing. */
export function actionFor(e: KeyLike): EditorAction | null {
  if (e.metaKey) return null;
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  if (e.ctrlKey && !e.altKey) {
    if (e.shiftKey) return key === 'Enter' ? { kind: 'submit' } : key === 'z' ? { kind: 'redo' } : null;
    switch (key) {
      case ' ':
        return { kind: 'play-pause' };
      case ',':
        return { kind: 'seek', by: -SEEK_SECONDS };
      case '.':
        return { kind: 'seek', by: SEEK_SECONDS };
      case 'ArrowDown':
        return { kind: 'rate', step: -1 };
      case 'ArrowUp':
        return { kind: 'rate', step: 1 };
      case 'Enter':
        return { kind: 'new-turn' };
      // The editor's own undo covers every turn change (a deleted turn too), so it replaces the
      // text field's, which knows only the typing in one field.
      case 'z':
        return { kind: 'undo' };
      case 'y':
        return { kind: 'redo' };
      case 'i':
        return { kind: 'tag', tag: '[inaudible]' };
      case 'k':
        return { kind: 'tag', tag: '[crosstalk]' };
      case 'l':
        return { kind: 'tag', tag: '[laughter]' };
    }
    // Ctrl+Space arrives as code 'Space' with key ' ' on most layouts, but not all IMEs agree.
    if (e.code === 'Space') return { kind: 'play-pause' };
    return null;
  }
  if (e.altKey && !e.ctrlKey && !e.shiftKey) {
    if (key === 'ArrowLeft') return { kind: 'seek', by: -SEEK_SECONDS };
    if (key === 'ArrowRight') return { kind: 'seek', by: SEEK_SECONDS };
    // Alt+digit types special characters on some layouts (macOS), so read the physical key too.
    const digit = /^Digit([1-9])$/.exec(e.code ?? '')?.[1] ?? (/^[1-9]$/.test(key) ? key : undefined);
    if (digit) return { kind: 'speaker', index: Number(digit) - 1 };
    if (key === '=' || key === '+' || e.code === 'Equal') return { kind: 'zoom', step: 1 };
    if (key === '-' || e.code === 'Minus') return { kind: 'zoom', step: -1 };
  }
  return null;
}

/** The next playback rate one step up or down the ladder, clamped to 0.5×–2×. */
export function stepRate(current: number, step: number): number {
  let idx = RATES.findIndex((r) => r >= current - 1e-6);
  if (idx < 0) idx = RATES.length - 1;
  return RATES[Math.max(0, Math.min(RATES.length - 1, idx + step))];
}
