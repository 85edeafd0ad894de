/** Decides what to do with a locally kept draft when a segment opens. Pure. */
import type { Turn } from '../types.ts';
import { turnsEqual } from './turns.ts';

export interface LocalDraft {
  turns: Turn[];
  /** The server version this draft was edited on top of. */
  baseVersion: number;
  savedAt: number;
  /** True once the server stored exactly these turns. */
  acked: boolean;
  /** Heard intervals of the segment's own audio, in audio seconds. */
  heard?: [number, number][];
}

export type DraftDecision =
  | { kind: 'server' }
  | { kind: 'restore'; turns: Turn[] }
  | { kind: 'conflict'; mine: Turn[]; theirs: Turn[]; serverVersion: number };

export function decideDraft(
  local: LocalDraft | null,
  serverTurns: Turn[],
  serverVersion: number,
): DraftDecision {
  if (!local || local.acked || turnsEqual(local.turns, serverTurns)) return { kind: 'server' };
  if (local.baseVersion === serverVersion) return { kind: 'restore', turns: local.turns };
  return { kind: 'conflict', mine: local.turns, theirs: serverTurns, serverVersion };
}
