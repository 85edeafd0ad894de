import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { admin, messageOf } from '../../api.ts';
import type { Org, Role, User } from '../../types.ts';
import { base } from '../shared-styles.ts';

const ROLES: Role[] = ['client', 'transcriber', 'reviewer', 'admin'];

/**
 * Users: invite (or create with a password), name, role and organisation; rename, change role,
 * disable/enable, send a password link. A link that was not e-mailed (mail off) is shown for the
 * admin to pass on.
 */
export class NtAdminUsers extends LitElement {
  static override styles = base;
  static override properties = {
    users: { state: true },
    orgs: { state: true },
    error: { state: true },
    notice: { state: true },
    link: { state: true },
  };
  declare users: User[] | null;
  declare orgs: Org[];
  declare error: string;
  declare notice: string;
  /** A link to pass on by hand (mail is off): whose, and the link. */
  declare link: { email: string; kind: 'invite' | 'reset'; url: string } | null;
  private pendingLink: { email: string; kind: 'invite' | 'reset'; url: string } | null = null;

  constructor() {
    super();
    this.users = null;
    this.orgs = [];
    this.error = '';
    this.notice = '';
    this.link = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      [this.users, this.orgs] = await Promise.all([admin.users(), admin.orgs()]);
    } catch (err) {
      this.error = `Could not load users: ${messageOf(err)}`;
    }
  }

  private async act(what: string, fn: () => Promise<unknown>): Promise<void> {
    this.link = null;
    this.notice = '';
    try {
      await fn();
      this.error = '';
      // What `fn` said (e.g. "e-mailed to …") says more than the generic line.
      this.notice ||= what;
      this.link = this.pendingLink;
      this.pendingLink = null;
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
      this.error = 'A client user needs an organisation.';
      return;
    }
    const email = String(d.get('email') ?? '').trim();
    const name = String(d.get('name') ?? '').trim();
    const password = String(d.get('password') ?? '');
    void this.act(password ? `User ${email} created.` : `${email} invited.`, async () => {
      const made = await admin.createUser({
        email,
        ...(name ? { name } : {}),
        ...(password ? { password } : {}),
        role,
        orgId: orgId || undefined,
      });
      form.reset();
      this.showLink(email, 'invite', made.inviteUrl, made.mailed);
    });
  }

  private showLink(
    email: string,
    kind: 'invite' | 'reset',
    url: string | undefined,
    mailed: boolean | undefined,
  ): void {
    if (!url) return;
    if (mailed) {
      this.notice = `${kind === 'invite' ? 'Invitation' : 'Password link'} e-mailed to ${email}.`;
      return;
    }
    this.pendingLink = { email, kind, url };
  }

  private sendLink(u: User): void {
    void this.act(`New password link for ${u.email}.`, async () => {
      const r = await admin.passwordLink(u.id);
      this.showLink(u.email, r.kind, r.url, r.mailed);
    });
  }

  private rename(u: User, value: string): void {
    const name = value.trim();
    if (!name || name === (u.name ?? '')) return;
    void this.act(`${u.email} is now called ${name}.`, () => admin.updateUser(u.id, { name }));
  }

  override render(): TemplateResult {
    const orgName = new Map(this.orgs.map((o) => [o.id, o.name]));
    return html`
      <form class="card" @submit=${this.create} aria-labelledby="new-user-title">
        <h2 id="new-user-title">New user</h2>
        <div class="row">
          <div>
            <label for="u-email">Email</label><input id="u-email" name="email" type="email" required />
          </div>
          <div>
            <label for="u-name">Name</label
            ><input id="u-name" name="name" maxlength="100" autocomplete="off" />
          </div>
          <div>
            <label for="u-password">Password (empty: invite)</label
            ><input
              id="u-password"
              name="password"
              type="password"
              minlength="8"
              autocomplete="new-password"
            />
          </div>
          <div>
            <label for="u-role">Role</label>
            <select id="u-role" name="role">
              ${ROLES.map((r) => html`<option value=${r}>${r}</option>`)}
            </select>
          </div>
          <div>
            <label for="u-org">Organisation</label>
            <select id="u-org" name="orgId">
              <option value="">(none)</option>
              ${this.orgs.map((o) => html`<option value=${o.id}>${o.name}</option>`)}
            </select>
          </div>
          <button type="submit" class="primary">Invite or create</button>
        </div>
      </form>
      ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : nothing}
      ${this.notice ? html`<div class="notice" role="status">${this.notice}</div>` : nothing}
      ${
        this.link
          ? html`<div class="notice" role="status">
              E-mail is off, so pass this ${this.link.kind === 'invite' ? 'invitation' : 'password'} link on
              to ${this.link.email} yourself (it works once, for 72 hours):
              <input class="link" readonly aria-label="Link for ${this.link.email}" .value=${this.link.url} />
            </div>`
          : nothing
      }
      ${
        this.users === null
          ? html`<p class="muted">Loading…</p>`
          : html`<table aria-label="Users">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Email</th>
                  <th scope="col">Role</th>
                  <th scope="col">Organisation</th>
                  <th scope="col">State</th>
                  <th scope="col"><span class="visually-hidden">Actions</span></th>
                </tr>
              </thead>
              <tbody>
                ${this.users.map(
                  (u) =>
                    html`<tr>
                      <td>
                        <label class="visually-hidden" for="name-${u.id}">Name of ${u.email}</label>
                        <input
                          id="name-${u.id}"
                          maxlength="100"
                          .value=${u.name ?? ''}
                          placeholder="(no name)"
                          @change=${(e: Event) => this.rename(u, (e.target as HTMLInputElement).value)}
                        />
                      </td>
                      <td>${u.email}</td>
                      <td>
                        <label class="visually-hidden" for="role-${u.id}">Role of ${u.email}</label>
                        <select
                          id="role-${u.id}"
                          @change=${(e: Event) => {
                            const role = (e.target as HTMLSelectElement).value as Role;
                            void this.act(`${u.email} is now ${role}.`, () =>
                              admin.updateUser(u.id, { role }),
                            );
                          }}
                        >
                          ${ROLES.map((r) => html`<option value=${r} ?selected=${r === u.role}>${r}</option>`)}
                        </select>
                      </td>
                      <td>
                        ${u.orgId ? (orgName.get(u.orgId) ?? u.orgId) : html`<span class="muted">–</span>`}
                      </td>
                      <td>
                        ${
                          u.disabled
                            ? html`<span class="badge failed">disabled</span>`
                            : u.invitePending
                              ? html`<span class="badge">invited</span>`
                              : 'active'
                        }
                      </td>
                      <td class="row">
                        <button
                          type="button"
                          aria-label="${u.disabled ? 'Enable' : 'Disable'} ${u.email}"
                          @click=${() =>
                            this.act(`${u.email} ${u.disabled ? 'enabled' : 'disabled'}.`, () =>
                              admin.updateUser(u.id, { disabled: !u.disabled }),
                            )}
                        >
                          ${u.disabled ? 'Enable' : 'Disable'}
                        </button>
                        <button
                          type="button"
                          aria-label="${u.invitePending ? 'Invite again' : 'Reset password of'} ${u.email}"
                          @click=${() => this.sendLink(u)}
                        >
                          ${u.invitePending ? 'Invite again' : 'Reset password'}
                        </button>
                      </td>
                    </tr>`,
                )}
              </tbody>
            </table>`
      }
    `;
  }
}
