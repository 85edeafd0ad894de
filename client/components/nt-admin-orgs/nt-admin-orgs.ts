import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { admin, messageOf, type OrgPatch } from '../../api.ts';
import { formatDate } from '../../lib/format.ts';
import type { Org } from '../../types.ts';
import { base } from '../shared-styles.ts';
import { msg, str, updateWhenLocaleChanges } from '../../i18n/i18n.ts';

/** Organisations: create, and edit segment length, retention and webhook. */
export class NtAdminOrgs extends LitElement {
  static override styles = base;
  static override properties = {
    orgs: { state: true },
    editing: { state: true },
    error: { state: true },
    notice: { state: true },
  };
  declare orgs: Org[] | null;
  declare editing: string | null;
  declare error: string;
  declare notice: string;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.orgs = null;
    this.editing = null;
    this.error = '';
    this.notice = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      this.orgs = await admin.orgs();
    } catch (err) {
      this.error = msg(str`Could not load organisations: ${messageOf(err)}`);
    }
  }

  private async create(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const name = String(new FormData(form).get('name') ?? '').trim();
    if (!name) return;
    try {
      const org = await admin.createOrg(name);
      form.reset();
      this.error = '';
      this.notice = msg(str`Organisation “${org.name}” created.`);
      await this.load();
    } catch (err) {
      this.error = msg(str`Could not create the organisation: ${messageOf(err)}`);
    }
  }

  private async save(e: SubmitEvent, org: Org): Promise<void> {
    e.preventDefault();
    const d = new FormData(e.target as HTMLFormElement);
    const text = (k: string): string => String(d.get(k) ?? '').trim();
    const patch: OrgPatch = {
      name: text('name') || undefined,
      segmentSeconds: Number(text('segmentSeconds')) || undefined,
      retentionDays: text('retentionDays') ? Number(text('retentionDays')) : null,
      webhookUrl: text('webhookUrl') || null,
    };
    if (text('webhookSecret')) patch.webhookSecret = text('webhookSecret');
    try {
      await admin.updateOrg(org.id, patch);
      this.editing = null;
      this.error = '';
      this.notice = msg(str`Settings of “${patch.name ?? org.name}” saved.`);
      await this.load();
    } catch (err) {
      this.error = msg(str`Could not save “${org.name}”: ${messageOf(err)}`);
    }
  }

  override render(): TemplateResult {
    return html`
      <form class="card row" @submit=${this.create}>
        <div>
          <label for="new-org">${msg('Organisation name')}</label>
          <input id="new-org" name="name" required maxlength="200" />
        </div>
        <button type="submit" class="primary">${msg('Create organisation')}</button>
      </form>
      ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : nothing}
      ${this.notice ? html`<div class="notice" role="status">${this.notice}</div>` : nothing}
      ${
        this.orgs === null
          ? html`<p class="muted">${msg('Loading…')}</p>`
          : html`<div class="scroll-x">
              <table aria-label=${msg('Organisations')}>
                <thead>
                  <tr>
                    <th scope="col">${msg('Name')}</th>
                    <th scope="col" class="num">${msg('Segment length')}</th>
                    <th scope="col" class="num">${msg('Retention')}</th>
                    <th scope="col">${msg('Webhook')}</th>
                    <th scope="col">${msg('Created')}</th>
                    <th scope="col"><span class="visually-hidden">${msg('Actions')}</span></th>
                  </tr>
                </thead>
                <tbody>
                  ${this.orgs.map((o) => (this.editing === o.id ? this.renderEdit(o) : this.renderRow(o)))}
                </tbody>
              </table>
            </div>`
      }
    `;
  }

  private renderRow(o: Org): TemplateResult {
    return html`<tr>
      <td translate="no">${o.name}</td>
      <td class="num">${o.segmentSeconds == null ? '–' : msg(str`${o.segmentSeconds} s`)}</td>
      <td class="num">${o.retentionDays == null ? msg('kept') : msg(str`${o.retentionDays} days`)}</td>
      <td translate="no">${o.webhookUrl ?? html`<span class="muted">${msg('none')}</span>`}</td>
      <td>${formatDate(o.createdAt)}</td>
      <td>
        <button type="button" aria-label=${msg(str`Edit ${o.name}`)} @click=${() => (this.editing = o.id)}>
          ${msg('Edit')}
        </button>
      </td>
    </tr>`;
  }

  private renderEdit(o: Org): TemplateResult {
    return html`<tr>
      <td colspan="6">
        <form
          class="row"
          @submit=${(e: SubmitEvent) => this.save(e, o)}
          aria-label=${msg(str`Edit ${o.name}`)}
        >
          <div>
            <label for="o-name">${msg('Name')}</label>
            <input id="o-name" name="name" .value=${o.name} />
          </div>
          <div>
            <label for="o-seg">${msg('Segment length (seconds)')}</label>
            <input
              id="o-seg"
              name="segmentSeconds"
              type="number"
              min="30"
              max="900"
              .value=${String(o.segmentSeconds ?? '')}
            />
          </div>
          <div>
            <label for="o-ret">${msg('Retention (days, empty = keep)')}</label>
            <input
              id="o-ret"
              name="retentionDays"
              type="number"
              min="1"
              .value=${o.retentionDays == null ? '' : String(o.retentionDays)}
            />
          </div>
          <div>
            <label for="o-hook">${msg('Webhook URL')}</label>
            <input id="o-hook" name="webhookUrl" type="url" .value=${o.webhookUrl ?? ''} />
          </div>
          <div>
            <label for="o-secret">${msg('Webhook secret (empty = unchanged)')}</label>
            <input id="o-secret" name="webhookSecret" type="password" autocomplete="off" />
          </div>
          <button type="submit" class="primary">${msg('Save')}</button>
          <button type="button" @click=${() => (this.editing = null)}>${msg('Cancel')}</button>
        </form>
      </td>
    </tr>`;
  }
}
