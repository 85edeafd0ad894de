import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { admin, messageOf } from '../../api.ts';
import { formatNumber, formatPercent, statusLabel } from '../../lib/format.ts';
import type { DraftFigureRow, QualityRow, QueueFigures } from '../../types.ts';
import { base } from '../shared-styles.ts';
import { msg, str, updateWhenLocaleChanges } from '../../i18n/i18n.ts';

/** Queue figures (segments and jobs by state) or quality figures per transcriber. */
export class NtAdminFigures extends LitElement {
  static override styles = base;
  static override properties = {
    kind: { type: String },
    queue: { state: true },
    quality: { state: true },
    error: { state: true },
  };
  declare kind: 'queue' | 'quality';
  declare queue: QueueFigures | null;
  declare quality: { transcribers: QualityRow[]; drafts: DraftFigureRow[] } | null;
  declare error: string;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.kind = 'queue';
    this.queue = null;
    this.quality = null;
    this.error = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      if (this.kind === 'queue') this.queue = await admin.queue();
      else this.quality = await admin.quality();
      this.error = '';
    } catch (err) {
      this.error = msg(str`Could not load the figures: ${messageOf(err)}`);
    }
  }

  override render(): TemplateResult {
    return html`
      <div class="row"><button type="button" @click=${this.load}>${msg('Refresh')}</button></div>
      ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : nothing}
      ${this.kind === 'queue' ? this.renderQueue() : this.renderQuality()}
    `;
  }

  private renderQueue(): TemplateResult {
    const q = this.queue;
    if (!q) return html`<p class="muted">${msg('Loading…')}</p>`;
    const table = (title: string, rows: Record<string, number>): TemplateResult =>
      html`<h2>${title}</h2>
        <div class="scroll-x">
          <table aria-label=${title}>
            <tbody>
              ${Object.entries(rows).map(
                ([k, v]) =>
                  html`<tr>
                    <th scope="row">${statusLabel(k)}</th>
                    <td class="num">${v}</td>
                  </tr>`,
              )}
            </tbody>
          </table>
        </div>`;
    return html`${table(msg('Segments'), q.segments)} ${table(msg('Jobs'), q.jobs)}`;
  }

  private renderQuality(): TemplateResult {
    if (!this.quality) return html`<p class="muted">${msg('Loading…')}</p>`;
    const rows = this.quality.transcribers;
    const rate = (v: number | null | undefined): string => (v == null ? '–' : formatNumber(v));
    if (!rows.length) return html`<p class="muted">${msg('No transcriber has submitted a segment yet.')}</p>`;
    return html`${this.renderDrafts(this.quality.drafts)}
      <div class="scroll-x">
        <table aria-label=${msg('Quality per transcriber')}>
          <thead>
            <tr>
              <th scope="col">${msg('Transcriber')}</th>
              <th scope="col" class="num">${msg('Segments')}</th>
              <th scope="col" class="num">${msg('Audio minutes')}</th>
              <th scope="col" class="num">${msg('Word error rate vs. review')}</th>
              <th scope="col" class="num">${msg('Editing s per audio minute, with a draft')}</th>
              <th scope="col" class="num">${msg('… from blank')}</th>
            </tr>
          </thead>
          <tbody>
            ${rows.map(
              (r) =>
                html`<tr>
                  <td>${r.email}</td>
                  <td class="num">${r.segments}</td>
                  <td class="num">${formatNumber(r.audioMinutes, 1)}</td>
                  <td class="num">${r.wer == null ? '–' : formatPercent(r.wer)}</td>
                  <td class="num">${rate(r.editingSecPerAudioMinute?.withDraft)}</td>
                  <td class="num">${rate(r.editingSecPerAudioMinute?.withoutDraft)}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>`;
  }

  private renderDrafts(drafts: DraftFigureRow[]): TemplateResult | typeof nothing {
    if (!drafts.length) return nothing;
    return html`<h2>${msg('Machine drafts')}</h2>
      <div class="scroll-x">
        <table aria-label=${msg('Machine drafts against the approved text')}>
          <thead>
            <tr>
              <th scope="col">${msg('Source')}</th>
              <th scope="col">${msg('Engine or format')}</th>
              <th scope="col" class="num">${msg('Approved segments')}</th>
              <th scope="col" class="num">${msg('Draft word error rate')}</th>
            </tr>
          </thead>
          <tbody>
            ${drafts.map(
              (d) =>
                html`<tr>
                  <td>${d.source === 'asr' ? msg('ASR server') : msg('Imported')}</td>
                  <td translate="no">${d.engine}</td>
                  <td class="num">${d.segments}</td>
                  <td class="num">${d.wer == null ? '–' : formatPercent(d.wer)}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
      <h2>${msg('Transcribers')}</h2>`;
  }
}
