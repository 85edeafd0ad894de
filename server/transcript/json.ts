import { oneLine } from './text.ts';
import { roundMs } from './time.ts';
import type { Transcript } from './types.ts';

/**
 * `{recording, speakers, turns: [{speaker, start, end, text}]}` as API.md fixes it; the merge's
 * bookkeeping (parts, segment indexes) stays internal. `<`, `>` and `&` are written as \u
 * escapes, which parse to the same text but can never be read as markup if the file is opened
 * in a browser.
 */
export function renderJson(t: Transcript): string {
  const r = t.recording;
  const doc = {
    recording: {
      id: r.id,
      title: oneLine(r.title),
      filename: oneLine(r.filename),
      language: r.language === null ? null : oneLine(r.language),
      durationSec: r.durationSec,
      createdAt: r.createdAt,
      completedAt: r.completedAt,
      participants: r.participants.map(oneLine),
    },
    speakers: t.speakers.map(oneLine),
    turns: t.turns
      .map((turn) => ({
        speaker: oneLine(turn.speaker),
        start: roundMs(turn.start),
        end: roundMs(turn.end),
        text: oneLine(turn.text),
      }))
      .filter((turn) => turn.text !== ''),
  };
  return (
    JSON.stringify(doc, null, 2).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026') +
    '\n'
  );
}
