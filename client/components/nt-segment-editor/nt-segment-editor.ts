import { LitElement, type PropertyValues, type TemplateResult } from 'lit';
import { HEARD_THRESHOLD, type HeardTracker } from '../../lib/heard.ts';
import { actionFor, type EditorAction } from '../../lib/shortcuts.ts';
import { insertTurn, speakerChoices } from '../../lib/turns.ts';
import { nearMisses } from '../../lib/glossary.ts';
import { FocusClock } from '../../lib/focus-clock.ts';
import { TurnHistory } from '../../lib/undo.ts';
import type { DraftWord, Segment, SegmentOrder, Turn } from '../../types.ts';
import type { NtTurnList, TurnChange } from '../nt-turn-list/nt-turn-list.ts';
import type { NtWaveform } from '../nt-waveform/nt-waveform.ts';
import { finishSegment, releaseSegment, type FinishKind } from './editor-finish.ts';
import { loadSegment } from './editor-load.ts';
import { renderEditor } from './editor-view.ts';
import { editorStyles } from './nt-segment-editor.styles.ts';
import type { SaveSession, SaveStatus } from './save-session.ts';
import type { HeardReporter } from './heard-reporter.ts';
import { msg, str, updateWhenLocaleChanges } from '../../i18n/i18n.ts';

const AUTO_RESUME_MS = 1200;
const NO_TERMS: string[] = [];
const AUTO_REWIND_S = 1;

export interface Conflict {
  mine: Turn[];
  theirs: Turn[];
  version: number;
}

/**
 * The segment editor for transcribers (mode "transcribe") and reviewers (mode "review"):
 * waveform with greyed context, keyboard-first turn editing, autosave with a local copy,
 * listening record, and submit / approve / return.
 */
export class NtSegmentEditor extends LitElement {
  static override styles = editorStyles;
  static override properties = {
    segmentId: { type: String, attribute: 'segment-id' },
    mode: { type: String },
    segment: { state: true },
    peaks: { state: true },
    duration: { state: true },
    turns: { state: true },
    current: { state: true },
    saveStatus: { state: true },
    saveMessage: { state: true },
    leaseExpiresAt: { state: true },
    conflict: { state: true },
    note: { state: true },
    error: { state: true },
    heardPct: { state: true },
    autoPause: { state: true },
    busy: { state: true },
    playTime: { state: true },
    undoLabel: { state: true },
    redoLabel: { state: true },
  };
  declare segmentId: string;
  declare mode: 'transcribe' | 'review';
  declare segment: Segment | null;
  declare peaks: Float32Array | null;
  declare duration: number;
  declare turns: Turn[];
  declare current: number;
  declare saveStatus: SaveStatus;
  declare saveMessage: string;
  declare leaseExpiresAt: string;
  declare conflict: Conflict | null;
  declare note: string;
  declare error: string;
  declare heardPct: number;
  declare autoPause: boolean;
  declare busy: boolean;
  /** Playback position (recording seconds) while a draft word plays, else -1: drives its highlight. */
  declare playTime: number;
  private playingWord: DraftWord | null = null;
  /** What Undo / Redo would take back or bring back (null: nothing). */
  declare undoLabel: string | null;
  declare redoLabel: string | null;

  session: SaveSession | null = null;
  /** Seconds this segment has been worked on with the page in focus (reported with each save). */
  focusClock: FocusClock | null = null;
  tracker: HeardTracker | null = null;
  readonly history = new TurnHistory();
  /** Set by loadSegment for a transcriber: sends what was heard to the server. */
  heardReporter: HeardReporter | null = null;
  private autoPaused = false;
  private resumeTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly onKey = (e: KeyboardEvent): void => this.handleKey(e);
  private readonly onLeave = (): void => {
    this.session?.flushOnLeave();
    void this.reportHeard(true);
  };
  private readonly onVisibility = (): void => {
    if (document.visibilityState === 'hidden') this.onLeave();
  };

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.segmentId = '';
    this.mode = 'transcribe';
    this.segment = null;
    this.peaks = null;
    this.duration = 0;
    this.turns = [];
    this.current = 0;
    this.saveStatus = 'idle';
    this.saveMessage = '';
    this.leaseExpiresAt = '';
    this.conflict = null;
    this.note = '';
    this.error = '';
    this.heardPct = 0;
    this.autoPause = localStorage.getItem('notula-autopause') === '1';
    this.busy = false;
    this.playTime = -1;
    this.undoLabel = null;
    this.redoLabel = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('keydown', this.onKey);
    window.addEventListener('pagehide', this.onLeave);
    document.addEventListener('visibilitychange', this.onVisibility);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('keydown', this.onKey);
    window.removeEventListener('pagehide', this.onLeave);
    document.removeEventListener('visibilitychange', this.onVisibility);
    this.closeSession();
  }

  closeSession(): void {
    this.session?.flushOnLeave();
    this.session?.dispose();
    this.session = null;
    this.focusClock?.stop();
    this.focusClock = null;
    if (this.resumeTimer) clearTimeout(this.resumeTimer);
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('segmentId') && this.segmentId) void this.load(this.segmentId);
  }

  get wave(): NtWaveform | null {
    return this.renderRoot.querySelector('nt-waveform');
  }

  get turnList(): NtTurnList | null {
    return this.renderRoot.querySelector('nt-turn-list');
  }

  get speakers(): string[] {
    const s = this.segment;
    return speakerChoices(s?.participants ?? [], s?.speakers ?? [], this.turns);
  }

  /** The order's glossary terms, one array per segment (nt-turn-list caches by its identity). */
  get glossaryTerms(): string[] {
    const order = this.segment?.order;
    if (!order) return NO_TERMS;
    if (this.termsOf !== order) {
      this.termsOf = order;
      this.terms = order.glossary.map((g) => g.term);
    }
    return this.terms;
  }
  private termsOf: SegmentOrder | undefined = undefined;
  private terms: string[] = NO_TERMS;

  /** Words in the turns within a few edits of a glossary term but not equal to it. */
  get nearMissCount(): number {
    const terms = this.glossaryTerms;
    if (!terms.length) return 0;
    return this.turns.reduce((n, t) => n + nearMisses(t.text, terms).length, 0);
  }

  /** Share of the segment's own audio heard: this browser's record or the server's, whichever is more. */
  get heardRatio(): number {
    return Math.max(this.tracker?.ratio ?? 0, this.segment?.heardRatio ?? 0);
  }

  onTurnsInput(e: CustomEvent<{ turns: Turn[]; index: number; change: TurnChange }>): void {
    const { turns, index, change } = e.detail;
    // Typing in one turn is one undo step per pause; a delete or a new time is a step of its own.
    this.remember(change, index, change === 'text' ? `text:${index}` : `${change}:${index}:${Date.now()}`);
    this.turns = turns;
    this.current = index;
    this.session?.edit(this.turns);
    if (this.autoPause && (change === 'text' || change === 'tag')) this.pauseForTyping();
  }

  /** Records the turns as they are before a change, under the words the Undo button will show. */
  private remember(change: TurnChange | 'new', index: number, key: string): void {
    const n = index + 1;
    const label = {
      text: () => msg(str`typing in turn ${n}`),
      tag: () => msg(str`tag in turn ${n}`),
      term: () => msg(str`glossary term in turn ${n}`),
      speaker: () => msg(str`speaker of turn ${n}`),
      time: () => msg(str`start of turn ${n}`),
      delete: () => msg(str`deleting turn ${n}`),
      new: () => msg(str`new turn ${n}`),
    }[change]();
    this.history.record(this.turns, label, key);
    this.syncHistory();
  }

  private syncHistory(): void {
    this.undoLabel = this.history.undoLabel;
    this.redoLabel = this.history.redoLabel;
  }

  /** Undo (or redo) the last turn change: deletes, times and speakers as well as typing. */
  undoRedo(which: 'undo' | 'redo'): void {
    if (this.conflict || this.busy) return;
    const turns = which === 'undo' ? this.history.undo(this.turns) : this.history.redo(this.turns);
    this.syncHistory();
    if (!turns) return;
    this.turns = turns;
    this.current = Math.min(this.current, Math.max(0, turns.length - 1));
    this.session?.edit(turns);
  }

  /** Where the playhead is, in recording seconds. */
  playheadAt(): number {
    return (this.segment?.contextStart ?? 0) + (this.wave?.currentTime ?? 0);
  }

  /** Reports this browser's listening (transcribers); the server's union may raise the meter. */
  async reportHeard(leaving = false): Promise<void> {
    const seg = this.segment;
    const answer = await this.heardReporter?.report(leaving);
    if (!answer || !seg || this.segment?.id !== seg.id) return;
    this.segment = { ...seg, heard: answer.heard, heardRatio: answer.heardRatio };
    this.heardPct = Math.round(this.heardRatio * 100);
  }

  private pauseForTyping(): void {
    const wave = this.wave;
    if (!wave) return;
    if (wave.isPlaying) {
      wave.pause();
      this.autoPaused = true;
    }
    if (this.resumeTimer) clearTimeout(this.resumeTimer);
    if (this.autoPaused) {
      this.resumeTimer = setTimeout(() => {
        this.resumeTimer = null;
        if (!this.autoPaused) return;
        this.autoPaused = false;
        wave.skip(-AUTO_REWIND_S);
        wave.play();
      }, AUTO_RESUME_MS);
    }
  }

  onTime(e: CustomEvent<{ time: number; playing: boolean }>): void {
    if (!e.detail.playing || !this.tracker) return;
    this.followDraft(e.detail.time);
    this.tracker.tick(e.detail.time);
    const pct = Math.round(this.heardRatio * 100);
    if (pct !== this.heardPct) this.heardPct = pct;
  }

  /** Re-renders only when the draft word under the playhead changes, not at every time update. */
  private followDraft(audioTime: number): void {
    const seg = this.segment;
    const words = seg?.draft?.words;
    if (!seg || !words?.length) return;
    const t = seg.contextStart + audioTime;
    const w = words.find((x) => t >= x.start && t < x.end) ?? null;
    if (w === this.playingWord) return;
    this.playingWord = w;
    this.playTime = w ? t : -1;
  }

  onPlayState(e: CustomEvent<{ playing: boolean }>): void {
    if (!e.detail.playing) {
      this.tracker?.break();
      this.session?.keepHeard();
      void this.reportHeard();
    }
  }

  seekTo(recordingSeconds: number): void {
    const seg = this.segment;
    if (!seg) return;
    this.tracker?.break();
    this.wave?.setTime(recordingSeconds - seg.contextStart);
  }

  private handleKey(e: KeyboardEvent): void {
    if (!this.segment || e.defaultPrevented) return;
    if (this.renderRoot.querySelector('dialog[open]')) return;
    const action = actionFor(e);
    if (!action) return;
    e.preventDefault();
    this.run(action);
  }

  run(action: EditorAction): void {
    const wave = this.wave;
    const seg = this.segment;
    if (!seg) return;
    switch (action.kind) {
      case 'play-pause':
        if (this.autoPaused && wave && !wave.isPlaying) wave.skip(-AUTO_REWIND_S);
        this.autoPaused = false;
        wave?.playPause();
        break;
      case 'seek':
        this.tracker?.break();
        wave?.skip(action.by);
        break;
      case 'rate':
        wave?.stepRate(action.step);
        break;
      case 'zoom':
        wave?.zoom(action.step);
        break;
      case 'new-turn':
        this.newTurn();
        break;
      case 'speaker': {
        const name = this.speakers[action.index];
        if (name) this.turnList?.setSpeaker(name);
        break;
      }
      case 'tag':
        this.turnList?.insertTag(action.tag);
        break;
      case 'submit':
        if (this.mode === 'transcribe') this.askSubmit();
        break;
      case 'undo':
      case 'redo':
        this.undoRedo(action.kind);
        break;
    }
  }

  newTurn(): void {
    const seg = this.segment;
    if (!seg || this.conflict) return;
    // The playhead is often still in the leading context (the audio starts there); a turn begun
    // there belongs to this segment's start, and the server refuses turns that start earlier.
    const at = seg.contextStart + (this.wave?.currentTime ?? 0);
    const [turns, idx] = insertTurn(this.turns, at, this.current, this.speakers, seg.start);
    this.remember('new', idx, `new:${Date.now()}`);
    this.turns = turns;
    this.current = idx;
    this.session?.edit(turns);
    // The list gets the new turn only when this element re-renders; focus after that.
    void this.updateComplete.then(() => this.turnList?.focusTurn(idx));
  }

  onConflictResolve(e: CustomEvent<{ choice: 'mine' | 'theirs' }>): void {
    const c = this.conflict;
    if (!c || !this.session) return;
    this.session.resolve(e.detail.choice, c.theirs, c.version);
    this.turns = this.session.turns;
    // Undo would go back across the other save: start afresh from the text chosen.
    this.history.clear();
    this.syncHistory();
    this.conflict = null;
    this.note =
      e.detail.choice === 'mine' ? msg('Your text is being saved on top of the newer version.') : '';
  }

  setAutoPause(on: boolean): void {
    this.autoPause = on;
    localStorage.setItem('notula-autopause', on ? '1' : '0');
  }

  dialog(id: string): HTMLDialogElement | null {
    return this.renderRoot.querySelector<HTMLDialogElement>(`#${id}`);
  }

  /** Resumes playback from where the listener left off ("Keep listening"). */
  play(): void {
    this.wave?.play();
  }

  askSubmit(): void {
    if (this.busy || this.conflict) return;
    if (this.heardRatio < HEARD_THRESHOLD) this.dialog('heard-dialog')?.showModal();
    else void this.finish('submit');
  }

  private load(id: string): Promise<void> {
    return loadSegment(this, id);
  }

  /** Submit (transcriber), approve or return (reviewer); leaves for the work list when done. */
  finish(kind: FinishKind, comment = ''): Promise<void> {
    return finishSegment(this, kind, comment);
  }

  release(): Promise<void> {
    return releaseSegment(this);
  }

  override render(): TemplateResult {
    return renderEditor(this);
  }
}
