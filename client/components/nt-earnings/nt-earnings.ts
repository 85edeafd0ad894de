import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { messageOf } from '../../api.ts';
import { orders, type Earnings } from '../../orders-api.ts';
import { formatClock, formatDate, formatNumber, formatPercent } from '../../lib/format.ts';
import { intlLocale } from '../../i18n/intl.ts';
import { base } from '../shared-styles.ts';
import { msg, str, updateWhenLocaleChanges } from '../../i18n/i18n.ts';

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
    updateWhenLocaleChanges(this);
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
      this.error = msg(str`Could not load the earnings: ${messageOf(err)}`);
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
        <h2 id="earn-title">${this.all ? msg('Earnings') : msg('My work')}</h2>
        <div class="row">
          <label class="inline" for="month">${msg('Month')}</label>
          <input id="month" type="month" .value=${this.month} @change=${this.pick} />
          ${
            this.all
              ? html`<a class="button" href=${orders.earningsCsvUrl(this.month)} download
                  >${msg('Payroll CSV')}</a
                >`
              : nothing
          }
        </div>
        ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : nothing}
        ${e ? this.renderSummary(e) : html`<p class="muted">${msg('Loading…')}</p>`}
      </section>
    `;
  }

  private renderSummary(e: Earnings): TemplateResult {
    // Amounts in the page language's digits, always with cents (the currency is the rates' ISO code).
    const cents = new Intl.NumberFormat(intlLocale(), { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    const money = (n: number): string => `${e.currency} ${cents.format(n)}`;
    const verbatim = (v: 'clean' | 'full'): string =>
      v === 'full' ? msg('full verbatim') : msg('clean verbatim');
    const recent = [...e.lines].reverse().slice(0, 20);
    return html`
      <dl class="figures">
        <dt>${msg('Approved audio')}</dt>
        <dd>${msg(str`${formatNumber(e.audioMinutes, 1)} min`)}</dd>
        <dt>${msg('Earned')}</dt>
        <dd>${money(e.total)}</dd>
        <dt>${msg('Word error rate vs. review')}</dt>
        <dd>${e.wer == null ? '–' : formatPercent(e.wer)}</dd>
      </dl>
      ${
        recent.length
          ? html`<div class="scroll-x">
              <table aria-label=${msg('Approved segments')}>
                <thead>
                  <tr>
                    <th scope="col">${msg('Approved')}</th>
                    ${this.all ? html`<th scope="col">${msg('Transcriber')}</th>` : nothing}
                    <th scope="col" class="num">${msg('Audio')}</th>
                    <th scope="col">${msg('Order')}</th>
                    <th scope="col" class="num">${msg('Amount')}</th>
                  </tr>
                </thead>
                <tbody>
                  ${recent.map(
                    (l) =>
                      html`<tr>
                        <td>${formatDate(l.approvedAt)}</td>
                        ${this.all ? html`<td translate="no">${l.email ?? l.userId}</td>` : nothing}
                        <td class="num">${formatClock(l.audioSec)}</td>
                        <td><span translate="no">${l.turnaround}</span>, ${verbatim(l.verbatim)}</td>
                        <td class="num">${money(l.amount)}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
          : html`<p class="muted">${msg('No segment was approved this month yet.')}</p>`
      }
    `;
  }
}
