import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { messageOf } from '../../api.ts';
import { orders, type Backlog } from '../../orders-api.ts';
import { formatClock, formatDate } from '../../lib/format.ts';
import { base } from '../shared-styles.ts';

/** The admin's backlog: open audio by deadline, throughput of the last 24 hours, recordings at risk. */
export class NtAdminBacklog extends LitElement {
  static override styles = base;
  static override properties = { backlog: { state: true }, error: { state: true } };
  declare backlog: Backlog | null;
  declare error: string;

  constructor() {
    super();
    this.backlog = null;
    this.error = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      this.backlog = await orders.backlog();
      this.error = '';
    } catch (err) {
      this.error = `Could not load the backlog: ${messageOf(err)}`;
    }
  }

  override render(): TemplateResult {
    const b = this.backlog;
    return html`
      <div class="row"><button type="button" @click=${this.load}>Refresh</button></div>
      ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : nothing}
      ${b ? this.renderBacklog(b) : html`<p class="muted">Loading…</p>`}
    `;
  }

  private renderBacklog(b: Backlog): TemplateResult {
    let from = 'overdue';
    return html`
      <p>
        Throughput over the last 24 hours:
        <strong>${formatClock(b.throughputAudioSecPerHour)}</strong> of approved audio per hour.
      </p>
      <h2>Open audio by deadline</h2>
      <table aria-label="Open audio by deadline">
        <thead>
          <tr>
            <th scope="col">Due</th>
            <th scope="col" class="num">Recordings</th>
            <th scope="col" class="num">Open audio</th>
          </tr>
        </thead>
        <tbody>
          ${b.buckets.map((x, i) => {
            const label =
              i === 0 ? 'Overdue' : x.until ? `${from} – ${formatDate(x.until)}` : `Later, or no deadline`;
            from = x.until ? formatDate(x.until) : from;
            return html`<tr>
              <th scope="row">${label}</th>
              <td class="num">${x.recordings}</td>
              <td class="num">${formatClock(x.openAudioSec)}</td>
            </tr>`;
          })}
        </tbody>
      </table>
      <h2>At risk</h2>
      ${
        b.atRisk.length
          ? html`<table aria-label="Recordings at risk">
              <thead>
                <tr>
                  <th scope="col">Recording</th>
                  <th scope="col">Tier</th>
                  <th scope="col">Due</th>
                  <th scope="col">Expected</th>
                </tr>
              </thead>
              <tbody>
                ${b.atRisk.map(
                  (r) =>
                    html`<tr>
                      <td><a href="/recordings/${r.id}">${r.title}</a></td>
                      <td>${r.turnaround ?? '–'}</td>
                      <td>${formatDate(r.deadlineAt)}</td>
                      <td>${r.etaAt ? formatDate(r.etaAt) : 'not estimable yet'}</td>
                    </tr>`,
                )}
              </tbody>
            </table>`
          : html`<p class="muted">No recording is expected to miss its deadline.</p>`
      }
    `;
  }
}
