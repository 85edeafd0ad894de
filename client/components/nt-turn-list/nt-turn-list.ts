import { LitElement, html, nothing, svg, type PropertyValues, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { formatClock, formatStamp } from '../../lib/format.ts';
import { parseStamp, retimeTurn, spliceText } from '../../lib/turns.ts';
import { alignTurns, nextMarked, type WordSpan } from '../../lib/draft-words.ts';
import type { DraftWord, Turn } from '../../types.ts';
import { turnListStyles } from './nt-turn-list.styles.ts';
import { completionFor, type Completion, type NearMiss } from '../../lib/glossary.ts';
import { backdrop, hints, NearMissCache } from './glossary-view.ts';
import { msg, str, updateWhenLocaleChanges } from '../../i18n/i18n.ts';

/** A crosshair on the playhead (drawn, since not every system font has the ⌖ glyph). */
const PLAYHEAD_ICON = svg`<svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true" fill="none"
  stroke="currentColor" stroke-width="1.5"><circle cx="7" cy="7" r="4"/><path d="M7 0v4M7 10v4M0 7h4M10 7h4"/></svg>`;

/** What a user change did to the turns: the editor's undo names and groups its steps by it. */
export type TurnChange = 'text' | 'speaker' | 'time' | 'delete' | 'tag' | 'term';

/**
 * The editable list of speaker turns: the start time (typed, or set to the playhead), a button
 * that plays from there, the speaker (with the Alt+digit that picks it) and the text. With a
 * machine draft (`words`), each turn's words that are still the draft's are shown under the text:
 * the unsure ones marked, the one playing highlighted; clicking a word seeks to it, Tab / Shift+Tab
 * select the next / previous marked word. With the order's glossary (`glossary`), a term is offered
 * while typing its start (Tab takes it) and words a little off a term are underlined (Alt+G fixes).
 *
 * @event nt-turns-input - detail: {turns, index, change}; the user changed a turn (never on property changes).
 * @event nt-turn-seek - detail: {start}; the user clicked a turn's timestamp (recording seconds).
 * @event nt-turn-focus - detail: {index}; a turn became the current one.
 */
export class NtTurnList extends LitElement {
  static override styles = turnListStyles;
  static override properties = {
    turns: { attribute: false },
    speakers: { attribute: false },
    segmentStart: { type: Number, attribute: 'segment-start' },
    segmentEnd: { type: Number, attribute: 'segment-end' },
    current: { type: Number },
    readonly: { type: Boolean, reflect: true },
    glossary: { attribute: false },
    completion: { state: true },
    words: { attribute: false },
    playTime: { type: Number, attribute: 'play-time' },
    playheadAt: { attribute: false },
    timeProblem: { state: true },
  };
  declare turns: Turn[];
  declare speakers: string[];
  declare segmentStart: number;
  declare segmentEnd: number;
  declare current: number;
  declare readonly: boolean;
  /** The order's glossary terms: offered as completions, and near-misses of them underlined. */
  declare glossary: string[];
  /** The completion on offer in the focused turn; Tab accepts it only while it shows. */
  declare completion: (Completion & { index: number }) | null;
  private readonly misses = new NearMissCache();
  /** The machine draft's words (recording seconds); empty without a draft. */
  declare words: DraftWord[];
  /** Playback position in recording seconds (-1: not playing). */
  declare playTime: number;
  /** Each turn's tokens and the draft word each still is (draft-words.ts). */
  private spans: WordSpan[][] = [];
  /** Where the playhead is, in recording seconds (for "set to playhead"); null without audio. */
  declare playheadAt: (() => number) | null;
  /** A typed time that could not be used, shown under its turn. */
  declare timeProblem: { index: number; text: string } | null;
  /** Stable keys so the textareas keep focus and caret while turns are inserted around them. */
  private keys = new WeakMap<Turn, number>();
  private nextKey = 1;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.turns = [];
    this.speakers = [];
    this.segmentStart = 0;
    this.segmentEnd = 0;
    this.current = 0;
    this.readonly = false;
    this.glossary = [];
    this.completion = null;
    this.words = [];
    this.playTime = -1;
    this.playheadAt = null;
    this.timeProblem = null;
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has('turns') || changed.has('words')) && this.words.length)
      this.spans = alignTurns(this.turns, this.words);
  }

  /** The marked words of all turns, for tests and the editor's status line. */
  get markedCount(): number {
    return this.spans.reduce((n, s) => n + s.filter((x) => x.marked).length, 0);
  }

  private seekWord(i: number, ta: HTMLTextAreaElement): void {
    const at = ta.selectionStart;
    const span = this.spans[i]?.find((s) => s.word && s.from <= at && at <= s.to);
    if (!span?.word) return;
    this.dispatchEvent(
      new CustomEvent('nt-turn-seek', { detail: { start: span.word.start }, bubbles: true, composed: true }),
    );
  }

  /**
   * Tab / Shift+Tab: select the next / previous marked word (across turns) and seek to it. A handler
   * earlier in line that used the key (a completion being accepted) has called preventDefault;
   * without marked words ahead, Tab moves focus as usual.
   */
  private onTextKey(e: KeyboardEvent, i: number): void {
    if (e.key !== 'Tab' || e.defaultPrevented || e.ctrlKey || e.altKey || e.metaKey || !this.words.length)
      return;
    const ta = e.target as HTMLTextAreaElement;
    const found = e.shiftKey
      ? nextMarked(this.spans, i, ta.selectionStart, true)
      : nextMarked(this.spans, i, ta.selectionEnd);
    if (!found) return;
    e.preventDefault();
    const target = this.renderRoot.querySelector<HTMLTextAreaElement>(`textarea[data-index="${found.turn}"]`);
    if (!target) return;
    target.focus();
    target.setSelectionRange(found.span.from, found.span.to);
    if (found.span.word) {
      this.dispatchEvent(
        new CustomEvent('nt-turn-seek', {
          detail: { start: found.span.word.start },
          bubbles: true,
          composed: true,
        }),
      );
    }
  }

  /** The turn's text again, under the textarea, with its draft words wrapped so they can be coloured. */
  private renderBackdrop(text: string, spans: WordSpan[]): TemplateResult {
    const parts: Array<string | TemplateResult> = [];
    let at = 0;
    const t = this.playTime;
    for (const s of spans) {
      if (s.from > at) parts.push(text.slice(at, s.from));
      const playing = s.word !== null && t >= s.word.start && t < s.word.end;
      parts.push(
        s.word
          ? html`<span class="w ${s.marked ? 'low' : ''} ${playing ? 'playing' : ''}"
              >${text.slice(s.from, s.to)}</span
            >`
          : text.slice(s.from, s.to),
      );
      at = s.to;
    }
    parts.push(`${text.slice(at)} `);
    return html`<div class="backdrop" aria-hidden="true">${parts}</div>`;
  }

  private keyOf(t: Turn): number {
    let k = this.keys.get(t);
    if (k === undefined) {
      k = this.nextKey++;
      this.keys.set(t, k);
    }
    return k;
  }

  private change(index: number, patch: Partial<Turn>, change: TurnChange): void {
    const old = this.turns[index];
    const next = { ...old, ...patch };
    this.keys.set(next, this.keyOf(old)); // same turn, same DOM row
    this.report(
      this.turns.map((t, i) => (i === index ? next : t)),
      index,
      change,
    );
  }

  private report(turns: Turn[], index: number, change: TurnChange): void {
    this.turns = turns;
    this.dispatchEvent(
      new CustomEvent('nt-turns-input', { detail: { turns, index, change }, bubbles: true, composed: true }),
    );
  }

  private removeTurn(index: number): void {
    const turns = this.turns.filter((_, i) => i !== index);
    this.report(turns, Math.max(0, Math.min(index, turns.length - 1)), 'delete');
  }

  /** A new start for a turn, typed or from the playhead; the turns stay in time order. */
  private retime(index: number, start: number | null): void {
    const from = formatStamp(this.segmentStart);
    const to = formatStamp(this.segmentEnd);
    const moved =
      start === null ? null : retimeTurn(this.turns, index, start, this.segmentStart, this.segmentEnd);
    if (!moved) {
      this.timeProblem = {
        index,
        text:
          start === null
            ? msg(str`Type a time such as ${from}, between ${from} and ${to}.`)
            : msg(str`A turn of this segment starts between ${from} and ${to}.`),
      };
      return;
    }
    this.timeProblem = null;
    const [turns, at] = moved;
    this.keys.set(turns[at], this.keyOf(this.turns[index]));
    this.report(turns, at, 'time');
    this.focusTurnEvent(at);
  }

  private onTimeTyped(index: number, input: HTMLInputElement): void {
    this.retime(index, parseStamp(input.value));
    // A refused time shows the turn's real start again, beside the message that says why.
    input.value = formatStamp(this.turns[Math.min(index, this.turns.length - 1)]?.start ?? 0);
  }

  private focusTurnEvent(index: number): void {
    this.current = index;
    this.dispatchEvent(
      new CustomEvent('nt-turn-focus', { detail: { index }, bubbles: true, composed: true }),
    );
  }

  /** Moves keyboard focus into a turn's text, caret at the end unless the turn keeps its own. */
  async focusTurn(index: number): Promise<void> {
    await this.updateComplete;
    const ta = this.renderRoot.querySelector<HTMLTextAreaElement>(`textarea[data-index="${index}"]`);
    if (!ta) return;
    ta.focus();
    ta.scrollIntoView({ block: 'nearest' });
  }

  /** Sets the current turn's speaker (Alt+1..9): a user action, so it reports nt-turns-input. */
  setSpeaker(name: string): void {
    if (this.readonly || !this.turns.length) return;
    this.change(Math.min(this.current, this.turns.length - 1), { speaker: name }, 'speaker');
  }

  /** Inserts a tag at the caret of the current turn (the end if it never had focus). */
  insertTag(tag: string): void {
    if (this.readonly || !this.turns.length) return;
    const index = Math.min(this.current, this.turns.length - 1);
    const ta = this.renderRoot.querySelector<HTMLTextAreaElement>(`textarea[data-index="${index}"]`);
    const text = this.turns[index].text;
    const from = ta ? ta.selectionStart : text.length;
    const to = ta ? ta.selectionEnd : text.length;
    const [out, caret] = spliceText(text, from, to, tag);
    this.change(index, { text: out }, 'tag');
    void this.updateComplete.then(() => {
      if (!ta) return;
      ta.value = out;
      ta.focus();
      ta.setSelectionRange(caret, caret);
    });
  }

  private typed(i: number, ta: HTMLTextAreaElement): void {
    this.change(i, { text: ta.value }, 'text');
    const c =
      ta.selectionStart === ta.selectionEnd
        ? completionFor(ta.value.slice(0, ta.selectionStart), this.glossary)
        : null;
    this.completion = c && { ...c, index: i };
  }

  /** Replaces `[from, to)` of a turn's text with `text`, caret after it (a completion or a fix). */
  private replace(i: number, ta: HTMLTextAreaElement | null, from: number, to: number, text: string): void {
    // Exactly the span is replaced (no spaces added around it, unlike a tag): the word goes on as typed.
    const old = this.turns[i].text;
    const out = old.slice(0, from) + text + old.slice(to);
    const caret = from + text.length;
    this.change(i, { text: out }, 'term');
    this.completion = null;
    void this.updateComplete.then(() => {
      if (!ta) return;
      ta.value = out;
      ta.focus();
      ta.setSelectionRange(caret, caret);
    });
  }

  private textKey(i: number, e: KeyboardEvent): void {
    const ta = e.target as HTMLTextAreaElement;
    const c = this.completion;
    // Tab is the completion's only while one shows; otherwise it keeps its usual meaning.
    if (e.key === 'Tab' && !e.shiftKey && c && c.index === i) {
      e.preventDefault();
      this.replace(i, ta, c.from, ta.selectionStart, c.term);
    } else if (e.key === 'Escape' && c) {
      this.completion = null;
    } else if (e.altKey && !e.ctrlKey && !e.metaKey && e.key.toLowerCase() === 'g') {
      const misses = this.misses.of(this.turns[i].text, this.glossary);
      const m = misses.find((x) => x.to >= ta.selectionStart) ?? misses[0];
      if (!m) return;
      e.preventDefault();
      this.replace(i, ta, m.from, m.to, m.term);
    }
  }

  private fix(i: number, m: NearMiss): void {
    this.replace(i, this.renderRoot.querySelector(`textarea[data-index="${i}"]`), m.from, m.to, m.term);
  }

  override render(): TemplateResult {
    if (!this.turns.length) {
      return html`<p class="muted empty">
        ${msg('No turns yet. Press Ctrl+Enter or “New turn at playhead” to start one.')}
      </p>`;
    }
    return html`
      <datalist id="speakers">${this.speakers.map((s) => html`<option value=${s}></option>`)}</datalist>
      <ol class="turns">
        ${repeat(
          this.turns,
          (t) => this.keyOf(t),
          (t, i) => this.renderTurn(t, i),
        )}
      </ol>
    `;
  }

  /** The Alt+digit that gives a turn this speaker (the editor's speaker list, in order). */
  private speakerKey(speaker: string): TemplateResult | typeof nothing {
    const k = this.speakers.indexOf(speaker.trim());
    if (k < 0 || k > 8) return nothing;
    return html`<kbd class="key" title=${msg(str`Alt+${k + 1} gives this speaker`)}>Alt+${k + 1}</kbd>`;
  }

  private renderTurn(t: Turn, i: number): TemplateResult {
    const n = i + 1;
    const outside = t.start < this.segmentStart - 0.05 || t.start >= this.segmentEnd;
    const misses = this.misses.of(t.text, this.glossary);
    const completion = this.completion?.index === i ? this.completion : null;
    return html`<li class="turn ${i === this.current ? 'current' : ''}">
      <div class="head">
        <label class="visually-hidden" for="time-${n}">${msg(str`Start of turn ${n}`)}</label>
        <input
          id="time-${n}"
          class="time"
          inputmode="decimal"
          autocomplete="off"
          .value=${formatStamp(t.start)}
          ?readonly=${this.readonly}
          @focus=${() => this.focusTurnEvent(i)}
          @change=${(e: Event) => this.onTimeTyped(i, e.target as HTMLInputElement)}
          @keydown=${(e: KeyboardEvent) => e.key === 'Enter' && (e.target as HTMLInputElement).blur()}
        />
        <button
          type="button"
          class="stamp"
          aria-label=${msg(str`Jump to ${formatStamp(t.start)}`)}
          title=${msg('Play from here')}
          @click=${() => this.dispatchEvent(new CustomEvent('nt-turn-seek', { detail: { start: t.start }, bubbles: true, composed: true }))}
        >
          ▶
        </button>
        ${
          this.readonly || !this.playheadAt
            ? nothing
            : html`<button
                type="button"
                class="stamp"
                aria-label=${msg(str`Set the start of turn ${n} to the playhead`)}
                title=${msg('Set to the playhead')}
                @click=${() => this.retime(i, this.playheadAt?.() ?? null)}
              >
                ${PLAYHEAD_ICON}
              </button>`
        }
        ${this.speakerKey(t.speaker)}
        <label class="visually-hidden" for="speaker-${n}">${msg(str`Speaker of turn ${n}`)}</label>
        <input
          id="speaker-${n}"
          class="speaker"
          list="speakers"
          maxlength="64"
          .value=${t.speaker}
          ?readonly=${this.readonly}
          @focus=${() => this.focusTurnEvent(i)}
          @input=${(e: Event) => this.change(i, { speaker: (e.target as HTMLInputElement).value }, 'speaker')}
        />
        ${
          this.readonly
            ? nothing
            : html`<button
                type="button"
                class="link remove"
                aria-label=${msg(str`Delete turn ${n}`)}
                @click=${() => this.removeTurn(i)}
              >
                ${msg('Delete')}
              </button>`
        }
      </div>
      ${
        outside
          ? html`<p class="outside">
              ${msg(
                str`Starts outside this segment (${formatClock(this.segmentStart)}–${formatClock(this.segmentEnd)}): speech that starts in the grey context belongs to the neighbouring segment.`,
              )}
            </p>`
          : nothing
      }
      ${
        this.timeProblem?.index === i
          ? html`<p class="outside" role="alert">${this.timeProblem.text}</p>`
          : nothing
      }
      <label class="visually-hidden" for="text-${n}">${msg(str`Text of turn ${n}`)}</label>
      ${this.renderTextBox(t, i, n, misses, completion)}
      ${this.readonly ? nothing : hints(n, completion, misses, (m) => this.fix(i, m))}
    </li>`;
  }

  /**
   * The text box: the textarea on top of its backdrops, which repeat the text invisibly and lay the
   * same way — the draft's words (coloured when unsure or playing) and the glossary's near-misses
   * (underlined). Either is left out when it has nothing to show.
   */
  private renderTextBox(
    t: Turn,
    i: number,
    n: number,
    misses: readonly NearMiss[],
    completion: Completion | null,
  ): TemplateResult {
    const spans = this.words.length ? (this.spans[i] ?? []) : null;
    const marked = spans ? spans.filter((s) => s.marked).length : 0;
    return html`<div class="text-wrap ${spans ? 'drafted' : ''}">
        ${spans ? this.renderBackdrop(t.text, spans) : nothing}
        ${misses.length ? backdrop(t.text, misses) : nothing} ${this.renderText(t, i, n, completion)}
      </div>
      ${
        marked
          ? html`<p class="marks muted">
              ${marked === 1 ? msg('1 unsure word: Tab goes to the next') : msg(str`${marked} unsure words: Tab goes to the next`)}
            </p>`
          : nothing
      }`;
  }

  private renderText(t: Turn, i: number, n: number, completion: Completion | null): TemplateResult {
    return html`<textarea
      id="text-${n}"
      data-index=${i}
      rows="3"
      maxlength="10000"
      spellcheck="true"
      aria-describedby=${completion ? `completion-${n}` : nothing}
      .value=${t.text}
      ?readonly=${this.readonly}
      @focus=${() => this.focusTurnEvent(i)}
      @blur=${() => this.completion?.index === i && (this.completion = null)}
      @input=${(e: Event) => this.typed(i, e.target as HTMLTextAreaElement)}
      @click=${(e: Event) => this.words.length && this.seekWord(i, e.target as HTMLTextAreaElement)}
      @keydown=${(e: KeyboardEvent) => {
        // A completion on offer takes Tab first (and says so with preventDefault); the draft's
        // unsure words get it otherwise.
        this.textKey(i, e);
        this.onTextKey(e, i);
      }}
      @scroll=${(e: Event) => syncScroll(e.target as HTMLTextAreaElement)}
    ></textarea>`;
  }
}

/** The backdrops scroll with their textarea, so the marks stay under their words. */
function syncScroll(ta: HTMLTextAreaElement): void {
  for (const b of ta.parentElement?.querySelectorAll<HTMLElement>('.backdrop') ?? [])
    b.scrollTop = ta.scrollTop;
}
