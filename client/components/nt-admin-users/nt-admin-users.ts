import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { admin, messageOf } from '../../api.ts';
import { roleLabel } from '../../lib/format.ts';
import type { Org, Role, User } from '../../types.ts';
import { base } from '../shared-styles.ts';
import { msg, str, updateWhenLocaleChanges } from '../../i18n/i18n.ts';

const ROLES: Role[] = ['client', 'transcriber', 'reviewer', 'admin'];

/** Users: create with role and organisation, change role, disable/enable, reset password. */
export class NtAdminUsers extends LitElement {
  static override styles = base;
  static override properties = {
    users: { state: true },
    orgs: { state: true },
    resetFor: { state: true },
    error: { state: true },
    notice: { state: true },
  };
  declare users: User[] | null;
  declare orgs: Org[];
  declare resetFor: User | null;
  declare error: string;
  declare notice: string;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.users = null;
    this.orgs = [];
    this.resetFor = null;
    this.error = '';
    this.notice = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      [this.users, this.orgs] = await Promise.all([admin.users(), admin.orgs()]);
    } catch (err) {
      this.error = msg(str`Could not load users: ${messageOf(err)}`);
    }
  }

  private async act(what: string, fn: () => Promise<unknown>): Promise<void> {
    try {
      await fn();
      this.error = '';
      this.notice = what;
      await this.load();
    } catch (err) {
      this.error = messageOf(err);
      this.notice = '';
    }
  }

  private create(e: SubmitEvent): void {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const d = new FormData(form);
    const role = String(d.get('role')) as Role;
    const orgId = String(d.get('orgId') ?? '');
    if (role === 'client' && !orgId) {
      this.error = msg('A client user needs an organisation.');
      return;
    }
    const email = String(d.get('email') ?? '').trim();
    void this.act(msg(str`User ${email} created.`), async () => {
      await admin.createUser({
        email,
        password: String(d.get('password') ?? ''),
        role,
        orgId: orgId || undefined,
      });
      form.reset();
    });
  }

  private resetPassword(e: SubmitEvent): void {
    e.preventDefault();
    const u = this.resetFor;
    const password = String(new FormData(e.target as HTMLFormElement).get('password') ?? '');
    if (!u) return;
    this.renderRoot.querySelector('dialog')?.close();
    void this.act(msg(str`Password of ${u.email} reset.`), () => admin.updateUser(u.id, { password }));
  }

  private openReset(u: User): void {
    this.resetFor = u;
    void this.updateComplete.then(() => this.renderRoot.querySelector('dialog')?.showModal());
  }

  override render(): TemplateResult {
    const orgName = new Map(this.orgs.map((o) => [o.id, o.name]));
    return html`
      <form class="card" @submit=${this.create} aria-labelledby="new-user-title">
        <h2 id="new-user-title">${msg('New user')}</h2>
        <div class="row">
          <div>
            <label for="u-email">${msg('Email')}</label
            ><input id="u-email" name="email" type="email" required />
          </div>
          <div>
            <label for="u-password">${msg('Password')}</label
            ><input
              id="u-password"
              name="password"
              type="password"
              required
              minlength="8"
              autocomplete="new-password"
            />
          </div>
          <div>
            <label for="u-role">${msg('Role')}</label>
            <select id="u-role" name="role">
              ${ROLES.map((r) => html`<option value=${r}>${roleLabel(r)}</option>`)}
            </select>
          </div>
          <div>
            <label for="u-org">${msg('Organisation')}</label>
            <select id="u-org" name="orgId">
              <option value="">${msg('(none)')}</option>
              ${this.orgs.map((o) => html`<option value=${o.id}>${o.name}</option>`)}
            </select>
          </div>
          <button type="submit" class="primary">${msg('Create user')}</button>
        </div>
      </form>
      ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : nothing}
      ${this.notice ? html`<div class="notice" role="status">${this.notice}</div>` : nothing}
      ${
        this.users === null
          ? html`<p class="muted">${msg('Loading…')}</p>`
          : html`<div class="scroll-x">
              <table aria-label=${msg('Users')}>
                <thead>
                  <tr>
                    <th scope="col">${msg('Email')}</th>
                    <th scope="col">${msg('Role')}</th>
                    <th scope="col">${msg('Organisation')}</th>
                    <th scope="col">${msg('State')}</th>
                    <th scope="col"><span class="visually-hidden">${msg('Actions')}</span></th>
                  </tr>
                </thead>
                <tbody>
                  ${this.users.map(
                    (u) =>
                      html`<tr>
                        <td>${u.email}</td>
                        <td>
                          <label class="visually-hidden" for="role-${u.id}"
                            >${msg(str`Role of ${u.email}`)}</label
                          >
                          <select
                            id="role-${u.id}"
                            @change=${(e: Event) => {
                              const role = (e.target as HTMLSelectElement).value as Role;
                              void this.act(msg(str`${u.email} is now ${roleLabel(role)}.`), () =>
                                admin.updateUser(u.id, { role }),
                              );
                            }}
                          >
                            ${ROLES.map((r) => html`<option value=${r} ?selected=${r === u.role}>${roleLabel(r)}</option>`)}
                          </select>
                        </td>
                        <td>
                          ${u.orgId ? (orgName.get(u.orgId) ?? u.orgId) : html`<span class="muted">–</span>`}
                        </td>
                        <td>
                          ${u.disabled ? html`<span class="badge failed">${msg('disabled')}</span>` : msg('active')}
                        </td>
                        <td class="row">
                          <button
                            type="button"
                            aria-label=${u.disabled ? msg(str`Enable ${u.email}`) : msg(str`Disable ${u.email}`)}
                            @click=${() =>
                              this.act(
                                u.disabled ? msg(str`${u.email} enabled.`) : msg(str`${u.email} disabled.`),
                                () => admin.updateUser(u.id, { disabled: !u.disabled }),
                              )}
                          >
                            ${u.disabled ? msg('Enable') : msg('Disable')}
                          </button>
                          <button
                            type="button"
                            aria-label=${msg(str`Reset password of ${u.email}`)}
                            @click=${() => this.openReset(u)}
                          >
                            ${msg('Reset password')}
                          </button>
                        </td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
      }
      <dialog aria-labelledby="reset-title">
        <form @submit=${this.resetPassword}>
          <h2 id="reset-title">${msg(str`Reset password of ${this.resetFor?.email ?? ''}`)}</h2>
          <div class="field">
            <label for="reset-pw">${msg('New password')}</label>
            <input
              id="reset-pw"
              name="password"
              type="password"
              required
              minlength="8"
              autocomplete="new-password"
            />
          </div>
          <div class="row">
            <button type="submit" class="primary">${msg('Set password')}</button>
            <button type="button" @click=${() => this.renderRoot.querySelector('dialog')?.close()}>
              ${msg('Cancel')}
            </button>
          </div>
        </form>
      </dialog>
    `;
  }
}
