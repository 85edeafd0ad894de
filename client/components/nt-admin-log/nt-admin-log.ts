import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { admin, messageOf } from '../../api.ts';
import { formatDate } from '../../lib/format.ts';
import type { AuditEntry, Org, WebhookDelivery } from '../../types.ts';
import { base } from '../shared-styles.ts';

/** The audit log (latest 200 entries) or the webhook deliveries, optionally for one organisation. */
export class NtAdminLog extends LitElement {
  static override styles = [
    base,
    css`
      td.details {
        font-family: var(--nt-mono);
        font-size: 0.8rem;
        max-width: 28rem;
        overflow-wrap: anywhere;
      }
    `,
  ];
  static override properties = {
    kind: { type: String },
    entries: { state: true },
    deliveries: { state: true },
    orgs: { state: true },
    orgId: { state: true },
    error: { state: true },
  };
  declare kind: 'audit' | 'webhooks';
  declare entries: AuditEntry[] | null;
  declare deliveries: WebhookDelivery[] | null;
  declare orgs: Org[];
  declare orgId: string;
  declare error: string;

  constructor() {
    super();
    this.kind = 'audit';
    this.entries = null;
    this.deliveries = null;
    this.orgs = [];
    this.orgId = '';
    this.error = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      if (this.kind === 'audit') {
        this.entries = await admin.audit(200);
      } else {
        [this.deliveries, this.orgs] = await Promise.all([
          admin.deliveries(this.orgId || undefined),
          admin.orgs(),
        ]);
      }
      this.error = '';
    } catch (err) {
      this.error = `Could not load: ${messageOf(err)}`;
    }
  }

  override render(): TemplateResult {
    return html`
      <div class="row">
        ${
          this.kind === 'webhooks'
            ? html`<label class="inline"
                >Organisation
                <select
                  @change=${(e: Event) => {
                    this.orgId = (e.target as HTMLSelectElement).value;
                    void this.load();
                  }}
                >
                  <option value="">All</option>
                  ${this.orgs.map((o) => html`<option value=${o.id} ?selected=${o.id === this.orgId}>${o.name}</option>`)}
                </select></label
              >`
            : nothing
        }
        <button type="button" @click=${this.load}>Refresh</button>
      </div>
      ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : nothing}
      ${this.kind === 'audit' ? this.renderAudit() : this.renderDeliveries()}
    `;
  }

  private renderAudit(): TemplateResult {
    const rows = this.entries;
    if (!rows) return html`<p class="muted">Loading…</p>`;
    return html`<table aria-label="Audit log">
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Who</th>
          <th scope="col">Action</th>
          <th scope="col">Target</th>
          <th scope="col">Details</th>
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          (a) =>
            html`<tr>
              <td>${formatDate(a.at)}</td>
              <td>${a.actorId ?? 'system'}</td>
              <td>${a.action}</td>
              <td>${a.target ?? ''}</td>
              <td class="details">${a.details == null ? '' : JSON.stringify(a.details)}</td>
            </tr>`,
        )}
      </tbody>
    </table>`;
  }

  private renderDeliveries(): TemplateResult {
    const rows = this.deliveries;
    if (!rows) return html`<p class="muted">Loading…</p>`;
    if (!rows.length) return html`<p class="muted">No webhook deliveries.</p>`;
    const orgName = new Map(this.orgs.map((o) => [o.id, o.name]));
    return html`<table aria-label="Webhook deliveries">
      <thead>
        <tr>
          <th scope="col">Created</th>
          <th scope="col">Organisation</th>
          <th scope="col">Event</th>
          <th scope="col">Status</th>
          <th scope="col" class="num">Attempts</th>
          <th scope="col">Last answer</th>
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          (d) =>
            html`<tr>
              <td>${formatDate(d.createdAt)}</td>
              <td>${orgName.get(d.orgId) ?? d.orgId}</td>
              <td>${d.event} <span class="muted">${d.recordingId}</span></td>
              <td>
                <span
                  class="badge ${d.status === 'delivered' ? 'completed' : d.status === 'failed' ? 'failed' : ''}"
                  >${d.status}</span
                >
                ${d.deliveredAt ? html`<div class="muted">${formatDate(d.deliveredAt)}</div>` : nothing}
              </td>
              <td class="num">${d.attempts}</td>
              <td>${d.responseStatus ?? ''} ${d.lastError ?? ''}</td>
            </tr>`,
        )}
      </tbody>
    </table>`;
  }
}
