import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { admin, messageOf } from '../../api.ts';
import { roleLabel } from '../../lib/format.ts';
import type { Org, Role, User } from '../../types.ts';
import { base } from '../shared-styles.ts';
import { msg, str, updateWhenLocaleChanges } from '../../i18n/i18n.ts';

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
    updateWhenLocaleChanges(this);
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
      this.error = msg(str`Could not load users: ${messageOf(err)}`);
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
      this.error = msg('A client user needs an organisation.');
      return;
    }
    const email = String(d.get('email') ?? '').trim();
    const name = String(d.get('name') ?? '').trim();
    const password = String(d.get('password') ?? '');
    void this.act(password ? msg(str`User ${email} created.`) : msg(str`${email} invited.`), async () => {
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
      this.notice =
        kind === 'invite'
          ? msg(str`Invitation e-mailed to ${email}.`)
          : msg(str`Password link e-mailed to ${email}.`);
      return;
    }
    this.pendingLink = { email, kind, url };
  }

  private sendLink(u: User): void {
    void this.act(msg(str`New password link for ${u.email}.`), async () => {
      const r = await admin.passwordLink(u.id);
      this.showLink(u.email, r.kind, r.url, r.mailed);
    });
  }

  private rename(u: User, value: string): void {
    const name = value.trim();
    if (!name || name === (u.name ?? '')) return;
    void this.act(msg(str`${u.email} is now called ${name}.`), () => admin.updateUser(u.id, { name }));
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
            <label for="u-name">${msg('Name')}</label
            ><input id="u-name" name="name" maxlength="100" autocomplete="off" />
          </div>
          <div>
            <label for="u-password">${msg('Password (empty: invite)')}</label
            ><input
              id="u-password"
              name="password"
              type="password"
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
          <button type="submit" class="primary">${msg('Invite or create')}</button>
        </div>
      </form>
      ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : nothing}
      ${this.notice ? html`<div class="notice" role="status">${this.notice}</div>` : nothing}
      ${
        this.link
          ? html`<div class="notice" role="status">
              ${
                this.link.kind === 'invite'
                  ? msg(
                      str`E-mail is off, so pass this invitation link on to ${this.link.email} yourself (it works once, for 72 hours):`,
                    )
                  : msg(
                      str`E-mail is off, so pass this password link on to ${this.link.email} yourself (it works once, for 72 hours):`,
                    )
              }
              <input
                class="link"
                readonly
                aria-label=${msg(str`Link for ${this.link.email}`)}
                .value=${this.link.url}
              />
            </div>`
          : nothing
      }
      ${
        this.users === null
          ? html`<p class="muted">${msg('Loading…')}</p>`
          : html`<div class="scroll-x">
              <table aria-label=${msg('Users')}>
                <thead>
                  <tr>
                    <th scope="col">${msg('Name')}</th>
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
                        <td>
                          <label class="visually-hidden" for="name-${u.id}"
                            >${msg(str`Name of ${u.email}`)}</label
                          >
                          <input
                            id="name-${u.id}"
                            maxlength="100"
                            translate="no"
                            .value=${u.name ?? ''}
                            placeholder=${msg('(no name)')}
                            @change=${(e: Event) => this.rename(u, (e.target as HTMLInputElement).value)}
                          />
                        </td>
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
                          ${
                            u.disabled
                              ? html`<span class="badge failed">${msg('disabled')}</span>`
                              : u.invitePending
                                ? html`<span class="badge">${msg('invited')}</span>`
                                : msg('active')
                          }
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
                            aria-label=${
                              u.invitePending
                                ? msg(str`Invite again ${u.email}`)
                                : msg(str`Reset password of ${u.email}`)
                            }
                            @click=${() => this.sendLink(u)}
                          >
                            ${u.invitePending ? msg('Invite again') : msg('Reset password')}
                          </button>
                        </td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
      }
    `;
  }
}
