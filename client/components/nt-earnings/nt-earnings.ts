import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { messageOf } from '../../api.ts';
import { orders, type Earnings } from '../../orders-api.ts';
import { formatClock, formatDate, formatPercent } from '../../lib/format.ts';
import { base } from '../shared-styles.ts';

const thisMonth = (): string => new Date().toISOString().slice(0, 7);

/**
 * Earnings of a month. For a transcriber ("My work"): its approved audio minutes, earnings, its
 * word error rate against the reviewers and its last segments. For an admin (`all`): everyone's
 * lines, with the payroll CSV.
 */
export class NtEarnings extends LitElement {
  static override styles = base;
  static override properties = {
    all: { type: Boolean },
    month: { state: true },
    earnings: { state: true },
    error: { state: true },
  };
  declare all: boolean;
  declare month: string;
  declare earnings: Earnings | null;
  declare error: string;

  constructor() {
    super();
    this.all = false;
    this.month = thisMonth();
    this.earnings = null;
    this.error = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      this.earnings = await orders.earnings(this.month);
      this.error = '';
    } catch (err) {
      this.error = `Could not load the earnings: ${messageOf(err)}`;
    }
  }

  private pick(e: Event): void {
    const v = (e.target as HTMLInputElement).value;
    if (!/^\d{4}-\d{2}$/.test(v)) return;
    this.month = v;
    void this.load();
  }

  override render(): TemplateResult {
    const e = this.earnings;
    return html`
      <section class="card" aria-labelledby="earn-title">
        <h2 id="earn-title">${this.all ? 'Earnings' : 'My work'}</h2>
        <div class="row">
          <label class="inline" for="month">Month</label>
          <input id="month" type="month" .value=${this.month} @change=${this.pick} />
          ${
            this.all
              ? html`<a class="button" href=${orders.earningsCsvUrl(this.month)} download>Payroll CSV</a>`
              : nothing
          }
        </div>
        ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : nothing}
        ${e ? this.renderSummary(e) : html`<p class="muted">Loading…</p>`}
      </section>
    `;
  }

  private renderSummary(e: Earnings): TemplateResult {
    const money = (n: number): string => `${e.currency} ${n.toFixed(2)}`;
    const recent = [...e.lines].reverse().slice(0, 20);
    return html`
      <dl class="figures">
        <dt>Approved audio</dt>
        <dd>${e.audioMinutes.toFixed(1)} min</dd>
        <dt>Earned</dt>
        <dd>${money(e.total)}</dd>
        <dt>Word error rate vs. review</dt>
        <dd>${e.wer == null ? '–' : formatPercent(e.wer)}</dd>
      </dl>
      ${
        recent.length
          ? html`<table aria-label="Approved segments">
              <thead>
                <tr>
                  <th scope="col">Approved</th>
                  ${this.all ? html`<th scope="col">Transcriber</th>` : nothing}
                  <th scope="col" class="num">Audio</th>
                  <th scope="col">Order</th>
                  <th scope="col" class="num">Amount</th>
                </tr>
              </thead>
              <tbody>
                ${recent.map(
                  (l) =>
                    html`<tr>
                      <td>${formatDate(l.approvedAt)}</td>
                      ${this.all ? html`<td>${l.email ?? l.userId}</td>` : nothing}
                      <td class="num">${formatClock(l.audioSec)}</td>
                      <td>${l.turnaround}, ${l.verbatim} verbatim</td>
                      <td class="num">${money(l.amount)}</td>
                    </tr>`,
                )}
              </tbody>
            </table>`
          : html`<p class="muted">No segment was approved this month yet.</p>`
      }
    `;
  }
}
