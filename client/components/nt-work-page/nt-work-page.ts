import '../nt-earnings/define.ts';
import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { messageOf, review, work } from '../../api.ts';
import { statusLabel, formatClock, formatDate, formatRemaining } from '../../lib/format.ts';
import { navigate } from '../../router.ts';
import type { ReturnedSegment, Segment } from '../../types.ts';
import { base } from '../shared-styles.ts';
import { msg, str, updateWhenLocaleChanges } from '../../i18n/i18n.ts';

/**
 * "Claim next segment" and the segments the user holds now, for transcribers (mode "work")
 * and reviewers (mode "review"). Holding a segment survives a reload: this list brings it back.
 */
export class NtWorkPage extends LitElement {
  static override styles = [
    base,
    css`
      .claim {
        display: flex;
        gap: 1rem;
        align-items: center;
      }
      ul {
        padding-left: 1.1rem;
      }
      li {
        margin-bottom: 0.35rem;
      }
      .returned blockquote {
        margin: 0.3rem 0 0.3rem 0.5rem;
        padding-left: 0.6rem;
        border-left: 3px solid var(--warn, #b7791f);
        white-space: pre-wrap;
        overflow-wrap: anywhere;
      }
    `,
  ];
  static override properties = {
    mode: { type: String },
    mine: { state: true },
    returned: { state: true },
    busy: { state: true },
    error: { state: true },
    notice: { state: true },
  };
  declare mode: 'work' | 'review';
  declare mine: Segment[] | null;
  /** Segments a reviewer sent back to this transcriber, waiting for them. */
  declare returned: ReturnedSegment[];
  declare busy: boolean;
  declare error: string;
  declare notice: string;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.mode = 'work';
    this.mine = null;
    this.returned = [];
    this.busy = false;
    this.error = '';
    this.notice = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const flash = sessionStorage.getItem('notula-flash');
    if (flash) {
      this.notice = flash;
      sessionStorage.removeItem('notula-flash');
    }
    void this.load();
  }

  private get base(): string {
    return this.mode === 'review' ? '/review' : '/work';
  }

  private async load(): Promise<void> {
    try {
      if (this.mode === 'review') this.mine = await review.mine();
      else ({ segments: this.mine, returned: this.returned } = await work.board());
    } catch (err) {
      this.error = msg(str`Could not load your segments: ${messageOf(err)}`);
    }
  }

  private async claim(returnedId?: string): Promise<void> {
    this.busy = true;
    this.error = '';
    this.notice = '';
    try {
      const claimed = await (this.mode === 'review'
        ? review.claim()
        : returnedId
          ? work.claimReturned(returnedId)
          : work.claim());
      if (!claimed) {
        this.notice =
          this.mode === 'review'
            ? msg('Nothing is waiting for review right now. Try again in a few minutes.')
            : msg('No segments are waiting right now. Try again in a few minutes.');
        return;
      }
      navigate(`${this.base}/${claimed.segment.id}`);
    } catch (err) {
      this.error = msg(str`Could not claim a segment: ${messageOf(err)}`);
    } finally {
      this.busy = false;
    }
  }

  override render(): TemplateResult {
    const heading = this.mode === 'review' ? msg('Review') : msg('Transcription work');
    return html`
      ${this.mode === 'work' ? html`<h1>${heading}</h1>` : nothing}
      <div class="card claim">
        <button type="button" class="primary" @click=${() => this.claim()} ?disabled=${this.busy}>
          ${this.busy ? msg('Claiming…') : msg('Claim next segment')}
        </button>
        <span class="muted"
          >${
            this.mode === 'review'
              ? msg('Takes the oldest submitted segment and holds it for you while you review.')
              : msg('Takes the next open segment and holds it for you while you type.')
          }</span
        >
      </div>
      ${this.notice ? html`<div class="notice" role="status">${this.notice}</div>` : nothing}
      ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : nothing}
      ${this.returned.length ? this.renderReturned() : nothing}
      <h2>${msg('Segments you hold')}</h2>
      ${
        this.mine === null
          ? html`<p class="muted">${msg('Loading…')}</p>`
          : this.mine.length === 0
            ? html`<p class="muted">${msg('You hold no segments.')}</p>`
            : html`<ul>
                ${this.mine.map((s) => this.renderItem(s))}
              </ul>`
      }
      ${this.mode === 'work' ? html`<nt-earnings></nt-earnings>` : nothing}
    `;
  }

  private renderReturned(): TemplateResult {
    return html`<section class="card returned" aria-labelledby="returned-title">
      <h2 id="returned-title">${msg('Returned to you')}</h2>
      <p class="muted">
        ${msg('A reviewer sent these back with a comment. They wait for you until the time shown.')}
      </p>
      <ul>
        ${this.returned.map(
          (r) =>
            html`<li>
              <strong
                >${msg(str`Segment ${r.index + 1}`)} · ${formatClock(r.start)}–${formatClock(r.end)}</strong
              >
              <blockquote translate="no">${r.comment}</blockquote>
              ${r.holdUntil ? html`<span class="muted">${msg(str`kept for you until ${formatDate(r.holdUntil)}`)}</span>` : nothing}
              <button type="button" @click=${() => this.claim(r.id)} ?disabled=${this.busy}>
                ${msg('Fix it')}
              </button>
            </li>`,
        )}
      </ul>
    </section>`;
  }

  private renderItem(s: Segment): TemplateResult {
    const left = s.leaseExpiresAt ? formatRemaining(Date.parse(s.leaseExpiresAt) - Date.now()) : '';
    return html`<li>
      <a href="${this.base}/${s.id}"
        >${msg(str`Segment ${s.index + 1}`)} · ${formatClock(s.start)}–${formatClock(s.end)}</a
      >
      <span class="badge">${statusLabel(s.status)}</span>
      ${left ? html`<span class="muted">${msg(str`lease ${left}`)}</span>` : nothing}
    </li>`;
  }
}
