import { LitElement, html, nothing, svg, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { formatClock, formatStamp } from '../../lib/format.ts';
import { parseStamp, retimeTurn, spliceText } from '../../lib/turns.ts';
import type { Turn } from '../../types.ts';
import { turnListStyles } from './nt-turn-list.styles.ts';
import { msg, str, updateWhenLocaleChanges } from '../../i18n/i18n.ts';

/** A crosshair on the playhead (drawn, since not every system font has the ⌖ glyph). */
const PLAYHEAD_ICON = svg`<svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true" fill="none"
  stroke="currentColor" stroke-width="1.5"><circle cx="7" cy="7" r="4"/><path d="M7 0v4M7 10v4M0 7h4M10 7h4"/></svg>`;

/** What a user change did to the turns: the editor's undo names and groups its steps by it. */
export type TurnChange = 'text' | 'speaker' | 'time' | 'delete' | 'tag';

/**
 * The editable list of speaker turns: the start time (typed, or set to the playhead), a button
 * that plays from there, the speaker (with the Alt+digit that picks it) and the text.
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
    playheadAt: { attribute: false },
    timeProblem: { state: true },
  };
  declare turns: Turn[];
  declare speakers: string[];
  declare segmentStart: number;
  declare segmentEnd: number;
  declare current: number;
  declare readonly: boolean;
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
    this.playheadAt = null;
    this.timeProblem = null;
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
      <textarea
        id="text-${n}"
        data-index=${i}
        rows="3"
        maxlength="10000"
        spellcheck="true"
        .value=${t.text}
        ?readonly=${this.readonly}
        @focus=${() => this.focusTurnEvent(i)}
        @input=${(e: Event) => this.change(i, { text: (e.target as HTMLTextAreaElement).value }, 'text')}
      ></textarea>
    </li>`;
  }
}
