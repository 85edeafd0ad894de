import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { admin, messageOf, type AuditFilter } from '../../api.ts';
import { formatDate } from '../../lib/format.ts';
import type { AuditEntry, Org, User, WebhookDelivery } from '../../types.ts';
import { base } from '../shared-styles.ts';
import { msg, str, updateWhenLocaleChanges } from '../../i18n/i18n.ts';

function deliveryStatus(status: string): string {
  switch (status) {
    case 'delivered':
      return msg('delivered');
    case 'failed':
      return msg('failed');
    case 'pending':
      return msg('pending');
    default:
      return status;
  }
}

/** Actions worth offering in the filter (any other can be typed). */
const COMMON_ACTIONS = [
  'login',
  'login.failed',
  'user.create',
  'user.invite',
  'user.update',
  'user.password_set',
  'recording.upload',
  'recording.delete',
  'segment.claim',
  'segment.submit',
  'segment.return',
  'segment.approve',
];

/**
 * The audit log, filtered on the server by person, action and days, 100 entries a page; or the
 * webhook deliveries, optionally for one organisation.
 */
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
    users: { state: true },
    nextCursor: { state: true },
  };
  declare users: User[];
  declare nextCursor: string | null;
  private filter: AuditFilter = {};
  declare kind: 'audit' | 'webhooks';
  declare entries: AuditEntry[] | null;
  declare deliveries: WebhookDelivery[] | null;
  declare orgs: Org[];
  declare orgId: string;
  declare error: string;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.kind = 'audit';
    this.entries = null;
    this.deliveries = null;
    this.orgs = [];
    this.orgId = '';
    this.error = '';
    this.users = [];
    this.nextCursor = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      if (this.kind === 'audit') {
        const [page, users] = await Promise.all([admin.audit({ ...this.filter, limit: 100 }), admin.users()]);
        this.entries = page.entries;
        this.nextCursor = page.nextCursor;
        this.users = users;
      } else {
        [this.deliveries, this.orgs] = await Promise.all([
          admin.deliveries(this.orgId || undefined),
          admin.orgs(),
        ]);
      }
      this.error = '';
    } catch (err) {
      this.error = msg(str`Could not load: ${messageOf(err)}`);
    }
  }

  private applyFilter(e: SubmitEvent): void {
    e.preventDefault();
    const d = new FormData(e.target as HTMLFormElement);
    const get = (k: string): string | undefined => String(d.get(k) ?? '').trim() || undefined;
    this.filter = { userId: get('userId'), action: get('action'), from: get('from'), to: get('to') };
    this.entries = null;
    void this.load();
  }

  private async older(): Promise<void> {
    if (!this.nextCursor) return;
    try {
      const page = await admin.audit({ ...this.filter, limit: 100 }, this.nextCursor);
      this.entries = [...(this.entries ?? []), ...page.entries];
      this.nextCursor = page.nextCursor;
    } catch (err) {
      this.error = msg(str`Could not load: ${messageOf(err)}`);
    }
  }

  private renderAuditFilter(): TemplateResult {
    return html`<form class="row" aria-label=${msg('Filter the audit log')} @submit=${this.applyFilter}>
      <label class="inline"
        >${msg('Person')}
        <select name="userId">
          <option value="">${msg('Anyone')}</option>
          ${this.users.map(
            (u) =>
              html`<option value=${u.id} ?selected=${u.id === this.filter.userId}>
                ${u.name ? `${u.name} (${u.email})` : u.email}
              </option>`,
          )}
        </select></label
      >
      <label class="inline"
        >${msg('Action')}
        <input name="action" list="audit-actions" .value=${this.filter.action ?? ''} size="16" />
        <datalist id="audit-actions">
          ${COMMON_ACTIONS.map((a) => html`<option value=${a}></option>`)}
        </datalist>
      </label>
      <label class="inline"
        >${msg('From')} <input name="from" type="date" .value=${this.filter.from ?? ''}
      /></label>
      <label class="inline"
        >${msg('To')} <input name="to" type="date" .value=${this.filter.to ?? ''}
      /></label>
      <button type="submit">${msg('Filter')}</button>
    </form>`;
  }

  override render(): TemplateResult {
    return html`
      <div class="row">
        ${
          this.kind === 'webhooks'
            ? html`<label class="inline"
                >${msg('Organisation')}
                <select
                  @change=${(e: Event) => {
                    this.orgId = (e.target as HTMLSelectElement).value;
                    void this.load();
                  }}
                >
                  <option value="">${msg('All')}</option>
                  ${this.orgs.map((o) => html`<option value=${o.id} ?selected=${o.id === this.orgId}>${o.name}</option>`)}
                </select></label
              >`
            : nothing
        }
        <button type="button" @click=${this.load}>${msg('Refresh')}</button>
      </div>
      ${this.kind === 'audit' ? this.renderAuditFilter() : nothing}
      ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : nothing}
      ${this.kind === 'audit' ? this.renderAudit() : this.renderDeliveries()}
    `;
  }

  private renderAudit(): TemplateResult {
    const rows = this.entries;
    if (!rows) return html`<p class="muted">${msg('Loading…')}</p>`;
    if (!rows.length) return html`<p class="muted">${msg('No entries match.')}</p>`;
    return html`<div class="scroll-x">
        <table aria-label=${msg('Audit log')}>
          <thead>
            <tr>
              <th scope="col">${msg('When')}</th>
              <th scope="col">${msg('Who')}</th>
              <th scope="col">${msg('Action')}</th>
              <th scope="col">${msg('Target')}</th>
              <th scope="col">${msg('Details')}</th>
            </tr>
          </thead>
          <tbody>
            ${rows.map(
              (a) =>
                html`<tr>
                  <td>${formatDate(a.at)}</td>
                  <td translate="no">${a.actorName ?? a.actorId ?? msg('system')}</td>
                  <td translate="no">${a.action}</td>
                  <td translate="no">${a.target ?? ''}</td>
                  <td class="details" translate="no">
                    ${a.details == null ? '' : JSON.stringify(a.details)}
                  </td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
      ${this.nextCursor ? html`<button type="button" @click=${this.older}>${msg('Older entries')}</button>` : nothing}`;
  }

  private renderDeliveries(): TemplateResult {
    const rows = this.deliveries;
    if (!rows) return html`<p class="muted">${msg('Loading…')}</p>`;
    if (!rows.length) return html`<p class="muted">${msg('No webhook deliveries.')}</p>`;
    const orgName = new Map(this.orgs.map((o) => [o.id, o.name]));
    return html`<div class="scroll-x">
      <table aria-label=${msg('Webhook deliveries')}>
        <thead>
          <tr>
            <th scope="col">${msg('Created')}</th>
            <th scope="col">${msg('Organisation')}</th>
            <th scope="col">${msg('Event')}</th>
            <th scope="col">${msg('Status')}</th>
            <th scope="col" class="num">${msg('Attempts')}</th>
            <th scope="col">${msg('Last answer')}</th>
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            (d) =>
              html`<tr>
                <td>${formatDate(d.createdAt)}</td>
                <td>${orgName.get(d.orgId) ?? d.orgId}</td>
                <td translate="no">${d.event} <span class="muted">${d.recordingId}</span></td>
                <td>
                  <span
                    class="badge ${d.status === 'delivered' ? 'completed' : d.status === 'failed' ? 'failed' : ''}"
                    >${deliveryStatus(d.status)}</span
                  >
                  ${d.deliveredAt ? html`<div class="muted">${formatDate(d.deliveredAt)}</div>` : nothing}
                </td>
                <td class="num">${d.attempts}</td>
                <td>${d.responseStatus ?? ''} ${d.lastError ?? ''}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }
}
