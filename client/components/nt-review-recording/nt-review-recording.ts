import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { messageOf, review, segments } from '../../api.ts';
import { statusLabel, formatClock, formatStamp } from '../../lib/format.ts';
import type { ReviewRecordingDetail } from '../../types.ts';
import { reviewRecordingStyles } from './nt-review-recording.styles.ts';
import { renderOrder } from '../nt-segment-editor/editor-order.ts';
import '../nt-speaker-map/define.ts';
import { msg, str, updateWhenLocaleChanges } from '../../i18n/i18n.ts';

type Detail = ReviewRecordingDetail;

/**
 * A whole recording for a reviewer: the merged text of every segment in order, with a seam
 * marker between segments, each segment's status, and the speaker-name editor. Segment blocks
 * use `content-visibility: auto`, so a 2-hour recording lays out only what is on screen.
 */
export class NtReviewRecording extends LitElement {
  static override styles = reviewRecordingStyles;
  static override properties = {
    recordingId: { type: String, attribute: 'recording-id' },
    data: { state: true },
    error: { state: true },
    notice: { state: true },
  };
  declare recordingId: string;
  declare data: Detail | null;
  declare error: string;
  declare notice: string;
  private speakerCache: { data: Detail; names: string[] } | null = null;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.recordingId = '';
    this.data = null;
    this.error = '';
    this.notice = '';
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('recordingId') && this.recordingId) void this.load();
  }

  private async load(): Promise<void> {
    const id = this.recordingId;
    try {
      const data = await review.recording(id);
      if (id === this.recordingId) this.data = data;
    } catch (err) {
      this.error = msg(str`Could not load the recording: ${messageOf(err)}`);
    }
  }

  /** Names used in the text, in order of first appearance (computed once per load). */
  private get speakerNames(): string[] {
    const data = this.data;
    if (!data) return [];
    if (this.speakerCache?.data === data) return this.speakerCache.names;
    const seen = new Set<string>(Object.keys(data.recording.speakerMap ?? {}));
    for (const s of data.segments) for (const t of s.turns) seen.add(t.speaker);
    const names = [...seen].filter((n) => n.trim());
    this.speakerCache = { data, names };
    return names;
  }

  private async reopen(segmentId: string, index: number): Promise<void> {
    try {
      await segments.reopen(segmentId);
      this.notice = msg(str`Segment ${index + 1} is open again for transcription.`);
      await this.load();
    } catch (err) {
      this.error = msg(str`Could not reopen segment ${index + 1}: ${messageOf(err)}`);
    }
  }

  private onSaved(): void {
    this.notice = msg('Speaker names saved in every segment.');
    void this.load();
  }

  override render(): TemplateResult {
    const d = this.data;
    const back = html`<p><a href="/review">← ${msg('Back to review')}</a></p>`;
    if (!d) {
      return html`${back}
      ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : html`<p class="muted">${msg('Loading…')}</p>`}`;
    }
    const r = d.recording;
    const approved = d.segments.filter((s) => s.status === 'approved').length;
    return html`
      ${back}
      <header class="head">
        <h1 translate="no">${r.title}</h1>
        <span class="badge ${r.status}">${statusLabel(r.status)}</span>
      </header>
      <p class="muted">
        ${formatClock(r.durationSec)} · ${msg(str`${d.segments.length} segments, ${approved} approved`)}
        ${r.participants.length ? html`· ${msg(str`participants: ${r.participants.join(', ')}`)}` : nothing}
      </p>
      ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : nothing}
      ${this.notice ? html`<div class="notice" role="status">${this.notice}</div>` : nothing}
      <div class="layout">
        <article class="text" aria-label=${msg('Merged transcript')}>
          ${d.segments.map((s) => this.renderSegment(s, r.speakerMap ?? {}))}
        </article>
        <aside>
          <nt-speaker-map
            .recordingId=${r.id}
            .speakers=${this.speakerNames}
            .map=${r.speakerMap ?? {}}
            .participants=${r.participants}
            @nt-speakers-saved=${this.onSaved}
          ></nt-speaker-map>
          ${renderOrder(d.order)}
        </aside>
      </div>
    `;
  }

  /**
   * The server keeps speaker names as a map applied when the transcript is merged, so the
   * segments still hold the labels the transcribers typed; show the names the transcript will have.
   */
  private renderSegment(s: Detail['segments'][number], names: Record<string, string>): TemplateResult {
    const label = msg(str`segment ${s.index + 1} · ${formatClock(s.start)}`);
    return html`<section class="seg" aria-label=${label}>
      <div class="seam" role="separator" aria-label=${label}>
        <span class="seam-label">${label}</span>
        <span class="badge ${s.status}">${statusLabel(s.status)}</span>
        ${
          s.autoClosed
            ? html`<span class="muted">${msg('closed automatically: no speech')}</span>
                <button type="button" class="link" @click=${() => this.reopen(s.id, s.index)}>
                  ${msg(str`Reopen segment ${s.index + 1}`)}
                </button>`
            : nothing
        }
      </div>
      ${
        s.turns.length
          ? s.turns.map(
              (t) =>
                html`<p class="turn">
                  <span class="time">${formatStamp(t.start)}</span>
                  <span translate="no"><strong>${names[t.speaker] ?? t.speaker}:</strong> ${t.text}</span>
                </p>`,
            )
          : html`<p class="muted turn">${msg('No text yet.')}</p>`
      }
    </section>`;
  }
}
