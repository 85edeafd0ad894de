import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { formatClock, formatStamp } from '../../lib/format.ts';
import { spliceText } from '../../lib/turns.ts';
import type { Turn } from '../../types.ts';
import { turnListStyles } from './nt-turn-list.styles.ts';
import { completionFor, type Completion, type NearMiss } from '../../lib/glossary.ts';
import { backdrop, hints, NearMissCache } from './glossary-view.ts';

/**
 * The editable list of speaker turns: a timestamp button (jumps the playhead), a speaker field
 * offering the known names, and the text.
 *
 * @event nt-turns-input - detail: {turns, index}; the user changed a turn (never on property changes).
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
  /** Stable keys so the textareas keep focus and caret while turns are inserted around them. */
  private keys = new WeakMap<Turn, number>();
  private nextKey = 1;

  constructor() {
    super();
    this.turns = [];
    this.speakers = [];
    this.segmentStart = 0;
    this.segmentEnd = 0;
    this.current = 0;
    this.readonly = false;
    this.glossary = [];
    this.completion = null;
  }

  private keyOf(t: Turn): number {
    let k = this.keys.get(t);
    if (k === undefined) {
      k = this.nextKey++;
      this.keys.set(t, k);
    }
    return k;
  }

  private change(index: number, patch: Partial<Turn>): void {
    const old = this.turns[index];
    const next = { ...old, ...patch };
    this.keys.set(next, this.keyOf(old)); // same turn, same DOM row
    const turns = this.turns.map((t, i) => (i === index ? next : t));
    this.turns = turns;
    this.dispatchEvent(
      new CustomEvent('nt-turns-input', { detail: { turns, index }, bubbles: true, composed: true }),
    );
  }

  private removeTurn(index: number): void {
    const turns = this.turns.filter((_, i) => i !== index);
    this.turns = turns;
    const current = Math.max(0, Math.min(index, turns.length - 1));
    this.dispatchEvent(
      new CustomEvent('nt-turns-input', { detail: { turns, index: current }, bubbles: true, composed: true }),
    );
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
    this.change(Math.min(this.current, this.turns.length - 1), { speaker: name });
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
    this.change(index, { text: out });
    void this.updateComplete.then(() => {
      if (!ta) return;
      ta.value = out;
      ta.focus();
      ta.setSelectionRange(caret, caret);
    });
  }

  private typed(i: number, ta: HTMLTextAreaElement): void {
    this.change(i, { text: ta.value });
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
    this.change(i, { text: out });
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
        No turns yet. Press <kbd>Ctrl</kbd>+<kbd>Enter</kbd> or “New turn at playhead” to start one.
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

  private renderTurn(t: Turn, i: number): TemplateResult {
    const n = i + 1;
    const outside = t.start < this.segmentStart - 0.05 || t.start >= this.segmentEnd;
    const misses = this.misses.of(t.text, this.glossary);
    const completion = this.completion?.index === i ? this.completion : null;
    return html`<li class="turn ${i === this.current ? 'current' : ''}">
      <div class="head">
        <button
          type="button"
          class="stamp"
          aria-label="Jump to ${formatStamp(t.start)}"
          title="Play from here"
          @click=${() => this.dispatchEvent(new CustomEvent('nt-turn-seek', { detail: { start: t.start }, bubbles: true, composed: true }))}
        >
          ${formatStamp(t.start)}
        </button>
        <label class="visually-hidden" for="speaker-${n}">Speaker of turn ${n}</label>
        <input
          id="speaker-${n}"
          class="speaker"
          list="speakers"
          maxlength="64"
          .value=${t.speaker}
          ?readonly=${this.readonly}
          @focus=${() => this.focusTurnEvent(i)}
          @input=${(e: Event) => this.change(i, { speaker: (e.target as HTMLInputElement).value })}
        />
        ${
          this.readonly
            ? nothing
            : html`<button
                type="button"
                class="link remove"
                aria-label="Delete turn ${n}"
                @click=${() => this.removeTurn(i)}
              >
                Delete
              </button>`
        }
      </div>
      ${
        outside
          ? html`<p class="outside">
              Starts outside this segment (${formatClock(this.segmentStart)}–${formatClock(this.segmentEnd)}):
              speech that starts in the grey context belongs to the neighbouring segment.
            </p>`
          : nothing
      }
      <label class="visually-hidden" for="text-${n}">Text of turn ${n}</label>
      <div class="textbox">
        ${backdrop(t.text, misses)}
        <textarea
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
          @keydown=${(e: KeyboardEvent) => this.textKey(i, e)}
          @scroll=${(e: Event) => syncScroll(e.target as HTMLTextAreaElement)}
        ></textarea>
      </div>
      ${this.readonly ? nothing : hints(n, completion, misses, (m) => this.fix(i, m))}
    </li>`;
  }
}

/** The backdrop scrolls with its textarea, so the underlines stay under their words. */
function syncScroll(ta: HTMLTextAreaElement): void {
  const b = ta.previousElementSibling as HTMLElement | null;
  if (b) b.scrollTop = ta.scrollTop;
}
