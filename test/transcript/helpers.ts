import { createRequire } from 'node:module';
import { expect } from 'chai';
import webvtt, { type VttCue, type VttNode } from 'webvtt-parser';
import { parseSync, type NodeCue } from 'subtitle';
import type { MergeInput, MergeSegmentInput } from '../../server/transcript/index.ts';

const require = createRequire(import.meta.url);
// The parser's built-in entity table lacks the `;` forms; the full HTML table is spec behaviour.
const entities = require('webvtt-parser/html-entities.json') as Record<string, string>;

export const CREATED_AT = Date.UTC(2025, 0, 5, 10, 0, 0);

export function input(
  segments: MergeSegmentInput[],
  over: Partial<MergeInput['recording']> = {},
  speakerMap = {},
): MergeInput {
  return {
    recording: {
      id: 'rec1',
      title: 'Weekly sync',
      filename: 'weekly-sync.m4a',
      language: 'en',
      durationSec: 60,
      createdAt: CREATED_AT,
      completedAt: CREATED_AT + 3_600_000,
      participants: ['Budi', 'Sari'],
      ...over,
    },
    segments,
    speakerMap,
  };
}

export const graphemeCount = (s: string): number =>
  Array.from(new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(s)).length;

export interface ParsedCue {
  start: number;
  end: number;
  lines: string[];
  voice?: string;
}

/** SRT through the `subtitle` package; times in seconds. */
export function parseSrt(srt: string): ParsedCue[] {
  return parseSync(srt)
    .filter((n): n is NodeCue => n.type === 'cue')
    .map((n) => ({ start: n.data.start / 1000, end: n.data.end / 1000, lines: n.data.text.split('\n') }));
}

function textOf(nodes: VttNode[]): string {
  return nodes.map((n) => (n.type === 'text' ? String(n.value) : textOf(n.children ?? []))).join('');
}

function decodeAnnotation(s: string): string {
  return s.replace(/&(lt|gt|amp);/g, (_m, e: string) => ({ lt: '<', gt: '>', amp: '&' })[e] ?? '');
}

/** WebVTT through `webvtt-parser`, which must report no errors; lines are the decoded text shown. */
export function parseVtt(vtt: string): ParsedCue[] {
  const result = new webvtt.WebVTTParser(entities).parse(vtt, 'metadata');
  expect(result.errors, JSON.stringify(result.errors)).to.deep.equal([]);
  return result.cues.map((c: VttCue) => {
    const voice = c.tree.children.find((n) => n.type === 'object' && n.name === 'v');
    return {
      start: c.startTime,
      end: c.endTime,
      lines: textOf(c.tree.children).split('\n'),
      voice: voice ? decodeAnnotation(String(voice.value)) : undefined,
    };
  });
}

/** The subtitle rules of API.md, checked on parsed cues. */
export function expectValidCues(cues: ParsedCue[], durationSec: number): void {
  cues.forEach((c, i) => {
    const where = `cue ${i + 1} ${JSON.stringify(c)}`;
    expect(c.end, where).to.be.greaterThan(c.start);
    expect(c.end - c.start, where).to.be.at.most(7 + 1e-9);
    expect(c.start, where).to.be.at.least(0);
    expect(c.end, where).to.be.at.most(durationSec + 1e-9);
    expect(c.lines.length, where).to.be.within(1, 2);
    for (const line of c.lines) {
      expect(line.trim(), where).to.not.equal('');
      expect(graphemeCount(line), where).to.be.at.most(42);
    }
    if (i > 0) expect(c.start, where).to.be.at.least(cues[i - 1].end - 1e-9);
  });
}
