/**
 * Undo and redo of turn edits in the editor: snapshots of the turns before each change. Typing in
 * one turn is one step until the typist pauses or moves on, so Undo takes back a phrase, not a letter.
 */
import type { Turn } from '../types.ts';

/** How long a pause in typing closes an undo step. */
export const COALESCE_MS = 1500;

interface Step {
  turns: Turn[];
  /** What the change did, for the Undo button's label. */
  label: string;
  /** Changes with the same key in quick succession (typing in one turn) make one step. */
  key: string;
  at: number;
}

export class TurnHistory {
  private past: Step[] = [];
  private future: Step[] = [];

  constructor(private readonly limit = 200) {}

  /** Call before applying a change, with the turns as they were. */
  record(before: Turn[], label: string, key: string, now = Date.now()): void {
    const last = this.past[this.past.length - 1];
    this.future = [];
    if (last && last.key === key && now - last.at < COALESCE_MS) {
      last.at = now;
      return;
    }
    this.past.push({ turns: before, label, key, at: now });
    if (this.past.length > this.limit) this.past.shift();
  }

  /** The turns before the last change (and remembers `current` for redo), or null. */
  undo(current: Turn[]): Turn[] | null {
    const step = this.past.pop();
    if (!step) return null;
    this.future.push({ ...step, turns: current });
    return step.turns;
  }

  redo(current: Turn[]): Turn[] | null {
    const step = this.future.pop();
    if (!step) return null;
    // A redone step never merges with the typing that follows it.
    this.past.push({ ...step, turns: current, key: `${step.key}#redone`, at: 0 });
    return step.turns;
  }

  get undoLabel(): string | null {
    return this.past[this.past.length - 1]?.label ?? null;
  }

  get redoLabel(): string | null {
    return this.future[this.future.length - 1]?.label ?? null;
  }

  clear(): void {
    this.past = [];
    this.future = [];
  }
}
