import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { messageOf, review } from '../../api.ts';
import { statusLabel, formatClock } from '../../lib/format.ts';
import type { ReviewRecordingSummary } from '../../types.ts';
import { base } from '../shared-styles.ts';
import '../nt-work-page/define.ts';
import { msg, str, updateWhenLocaleChanges } from '../../i18n/i18n.ts';

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
    updateWhenLocaleChanges(this);
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
      this.error = msg(str`Could not load the recordings: ${messageOf(err)}`);
    }
  }

  override render(): TemplateResult {
    return html`
      <h1>${msg('Review')}</h1>
      <nt-work-page mode="review"></nt-work-page>
      <h2>${msg('Recordings')}</h2>
      ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : nothing}
      ${
        this.list === null
          ? html`<p class="muted">${msg('Loading…')}</p>`
          : this.list.length === 0
            ? html`<p class="muted">${msg('No recordings are in transcription or review.')}</p>`
            : html`<div class="scroll-x">
                <table aria-label=${msg('Recordings to review')}>
                  <thead>
                    <tr>
                      <th scope="col">${msg('Recording')}</th>
                      <th scope="col">${msg('Status')}</th>
                      <th scope="col">${msg('Approved')}</th>
                      <th scope="col" class="num">${msg('Duration')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${this.list.map(
                      (r) =>
                        html`<tr>
                          <td><a href="/review/recordings/${r.id}" translate="no">${r.title}</a></td>
                          <td><span class="badge ${r.status}">${statusLabel(r.status)}</span></td>
                          <td>
                            <progress
                              max=${r.segments.total || 1}
                              .value=${r.segments.approved}
                              aria-label=${msg(str`Segments approved for ${r.title}`)}
                            ></progress>
                            ${r.segments.approved}/${r.segments.total}
                          </td>
                          <td class="num">${formatClock(r.durationSec)}</td>
                        </tr>`,
                    )}
                  </tbody>
                </table>
              </div>`
      }
    `;
  }
}
