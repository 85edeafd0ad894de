import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { messageOf } from '../../api.ts';
import { orders, type Backlog } from '../../orders-api.ts';
import { formatClock, formatDate } from '../../lib/format.ts';
import { base } from '../shared-styles.ts';
import { msg, str, updateWhenLocaleChanges } from '../../i18n/i18n.ts';

/** The admin's backlog: open audio by deadline, throughput of the last 24 hours, recordings at risk. */
export class NtAdminBacklog extends LitElement {
  static override styles = base;
  static override properties = { backlog: { state: true }, error: { state: true } };
  declare backlog: Backlog | null;
  declare error: string;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
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
      this.error = msg(str`Could not load the backlog: ${messageOf(err)}`);
    }
  }

  override render(): TemplateResult {
    const b = this.backlog;
    return html`
      <div class="row"><button type="button" @click=${this.load}>${msg('Refresh')}</button></div>
      ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : nothing}
      ${b ? this.renderBacklog(b) : html`<p class="muted">${msg('Loading…')}</p>`}
    `;
  }

  private renderBacklog(b: Backlog): TemplateResult {
    let from = '';
    return html`
      <p>
        ${msg('Throughput over the last 24 hours:')}
        <strong>${formatClock(b.throughputAudioSecPerHour)}</strong> ${msg('of approved audio per hour.')}
      </p>
      <h2>${msg('Open audio by deadline')}</h2>
      <div class="scroll-x">
        <table aria-label=${msg('Open audio by deadline')}>
          <thead>
            <tr>
              <th scope="col">${msg('Due')}</th>
              <th scope="col" class="num">${msg('Recordings')}</th>
              <th scope="col" class="num">${msg('Open audio')}</th>
            </tr>
          </thead>
          <tbody>
            ${b.buckets.map((x, i) => {
              const label =
                i === 0
                  ? msg('Overdue')
                  : x.until
                    ? `${from} – ${formatDate(x.until)}`
                    : msg('Later, or no deadline');
              from = x.until ? formatDate(x.until) : from;
              return html`<tr>
                <th scope="row">${label}</th>
                <td class="num">${x.recordings}</td>
                <td class="num">${formatClock(x.openAudioSec)}</td>
              </tr>`;
            })}
          </tbody>
        </table>
      </div>
      <h2>${msg('At risk')}</h2>
      ${
        b.atRisk.length
          ? html`<div class="scroll-x">
              <table aria-label=${msg('Recordings at risk')}>
                <thead>
                  <tr>
                    <th scope="col">${msg('Recording')}</th>
                    <th scope="col">${msg('Tier')}</th>
                    <th scope="col">${msg('Due')}</th>
                    <th scope="col">${msg('Expected')}</th>
                  </tr>
                </thead>
                <tbody>
                  ${b.atRisk.map(
                    (r) =>
                      html`<tr>
                        <td><a href="/recordings/${r.id}" translate="no">${r.title}</a></td>
                        <td translate="no">${r.turnaround ?? '–'}</td>
                        <td>${formatDate(r.deadlineAt)}</td>
                        <td>${r.etaAt ? formatDate(r.etaAt) : msg('not estimable yet')}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
          : html`<p class="muted">${msg('No recording is expected to miss its deadline.')}</p>`
      }
    `;
  }
}
