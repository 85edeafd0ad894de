import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { messageOf, review } from '../../api.ts';
import { statusLabel, formatClock } from '../../lib/format.ts';
import type { ReviewRecordingSummary } from '../../types.ts';
import { base } from '../shared-styles.ts';
import '../nt-work-page/define.ts';

/** Reviewer home: claim the next submitted segment, or open a recording's whole-text view. */
export class NtReviewPage extends LitElement {
  static override styles = [
    base,
    css`
      progress {
        width: 7rem;
        height: 0.7rem;
      }
    `,
  ];
  static override properties = { list: { state: true }, error: { state: true } };
  declare list: ReviewRecordingSummary[] | null;
  declare error: string;

  constructor() {
    super();
    this.list = null;
    this.error = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      this.list = await review.recordings();
    } catch (err) {
      this.error = `Could not load the recordings: ${messageOf(err)}`;
    }
  }

  override render(): TemplateResult {
    return html`
      <h1>Review</h1>
      <nt-work-page mode="review"></nt-work-page>
      <h2>Recordings</h2>
      ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : nothing}
      ${
        this.list === null
          ? html`<p class="muted">Loading…</p>`
          : this.list.length === 0
            ? html`<p class="muted">No recordings are in transcription or review.</p>`
            : html`<table aria-label="Recordings to review">
                <thead>
                  <tr>
                    <th scope="col">Recording</th>
                    <th scope="col">Status</th>
                    <th scope="col">Approved</th>
                    <th scope="col" class="num">Duration</th>
                  </tr>
                </thead>
                <tbody>
                  ${this.list.map(
                    (r) =>
                      html`<tr>
                        <td><a href="/review/recordings/${r.id}">${r.title}</a></td>
                        <td><span class="badge ${r.status}">${statusLabel(r.status)}</span></td>
                        <td>
                          <progress
                            max=${r.segments.total || 1}
                            .value=${r.segments.approved}
                            aria-label="Segments approved for ${r.title}"
                          ></progress>
                          ${r.segments.approved}/${r.segments.total}
                        </td>
                        <td class="num">${formatClock(r.durationSec)}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>`
      }
    `;
  }
}
