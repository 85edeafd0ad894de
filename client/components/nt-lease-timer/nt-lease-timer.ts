import { LitElement, css, html, type TemplateResult } from 'lit';
import { formatRemaining } from '../../lib/format.ts';
import { msg, str, updateWhenLocaleChanges } from '../../i18n/i18n.ts';

/** Counts down the user's hold on a segment; re-renders only itself once a second. */
export class NtLeaseTimer extends LitElement {
  static override styles = css`
    :host {
      display: inline-block;
      font-variant-numeric: tabular-nums;
    }
    .soon {
      color: var(--nt-warn);
      font-weight: 600;
    }
    .gone {
      color: var(--nt-danger);
      font-weight: 600;
    }
  `;
  static override properties = { expiresAt: { type: String, attribute: 'expires-at' }, now: { state: true } };
  declare expiresAt: string;
  declare now: number;
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.expiresAt = '';
    this.now = Date.now();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.timer = setInterval(() => (this.now = Date.now()), 1000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  override render(): TemplateResult {
    if (!this.expiresAt) return html``;
    const ms = Date.parse(this.expiresAt) - this.now;
    const cls = ms <= 0 ? 'gone' : ms < 120_000 ? 'soon' : '';
    return html`<span class=${cls} role="timer" aria-label=${msg('Lease time left')}
      >${msg(str`Lease: ${ms <= 0 ? msg('expired') : formatRemaining(ms)}`)}</span
    >`;
  }
}
