import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { auth, messageOf, tokens } from '../../api.ts';
import { formatDate } from '../../lib/format.ts';
import type { ApiToken, User } from '../../types.ts';
import { base } from '../shared-styles.ts';

/** "never", the date, or "expired <date>" once past (an expired token answers 401 until revoked). */
function expiry(t: ApiToken): string {
  if (!t.expiresAt) return 'never';
  const past = Date.parse(t.expiresAt) <= Date.now();
  return `${past ? 'expired ' : ''}${formatDate(t.expiresAt)}`;
}

/** The signed-in user's password and API tokens (for scripts that upload without a browser). */
export class NtAccountPage extends LitElement {
  static override styles = base;
  static override properties = {
    user: { attribute: false },
    list: { state: true },
    newToken: { state: true },
    error: { state: true },
    notice: { state: true },
  };
  declare user: User | null;
  declare list: ApiToken[] | null;
  declare newToken: string;
  declare error: string;
  declare notice: string;

  constructor() {
    super();
    this.user = null;
    this.list = null;
    this.newToken = '';
    this.error = '';
    this.notice = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      this.list = await tokens.list();
    } catch (err) {
      this.error = `Could not load your API tokens: ${messageOf(err)}`;
    }
  }

  private async changePassword(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const d = new FormData(form);
    try {
      await auth.changePassword(String(d.get('current') ?? ''), String(d.get('next') ?? ''));
      form.reset();
      this.error = '';
      this.notice = 'Password changed. Your other sessions and all your API tokens no longer work.';
      await this.load();
    } catch (err) {
      this.error = `Could not change the password: ${messageOf(err)}`;
    }
  }

  private async createToken(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const d = new FormData(form);
    const name = String(d.get('name') ?? '').trim();
    const days = Number(d.get('expires') ?? 0);
    try {
      const t = await tokens.create(name, days > 0 ? days : undefined);
      this.newToken = t.token;
      form.reset();
      this.error = '';
      await this.load();
    } catch (err) {
      this.error = `Could not create the token: ${messageOf(err)}`;
    }
  }

  private async revoke(t: ApiToken): Promise<void> {
    try {
      await tokens.remove(t.id);
      this.notice = `Token “${t.name}” revoked.`;
      await this.load();
    } catch (err) {
      this.error = `Could not revoke the token: ${messageOf(err)}`;
    }
  }

  override render(): TemplateResult {
    return html`
      <h1>Account</h1>
      <p class="muted">Signed in as ${this.user?.email} (${this.user?.role}).</p>
      ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : nothing}
      ${this.notice ? html`<div class="notice" role="status">${this.notice}</div>` : nothing}
      <form class="card" @submit=${this.changePassword} aria-labelledby="pw-title">
        <h2 id="pw-title">Change password</h2>
        <div class="field">
          <label for="current">Current password</label>
          <input id="current" name="current" type="password" required autocomplete="current-password" />
        </div>
        <div class="field">
          <label for="next">New password</label>
          <input id="next" name="next" type="password" required minlength="8" autocomplete="new-password" />
        </div>
        <button type="submit" class="primary">Change password</button>
      </form>
      <section class="card" aria-labelledby="tok-title">
        <h2 id="tok-title">API tokens</h2>
        <form class="row" @submit=${this.createToken}>
          <div>
            <label for="tok-name">Token name</label
            ><input id="tok-name" name="name" required maxlength="100" />
          </div>
          <div>
            <label for="tok-expires">Expires after</label
            ><select id="tok-expires" name="expires">
              <option value="30">30 days</option>
              <option value="90" selected>90 days</option>
              <option value="365">1 year</option>
              <option value="0">Never (until revoked)</option>
            </select>
          </div>
          <button type="submit">Create token</button>
        </form>
        ${
          this.newToken
            ? html`<div class="warn" role="status">
                New token (shown once, copy it now): <code>${this.newToken}</code>
              </div>`
            : nothing
        }
        ${
          this.list?.length
            ? html`<table aria-label="API tokens">
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Created</th>
                    <th scope="col">Last used</th>
                    <th scope="col">Expires</th>
                    <th scope="col"><span class="visually-hidden">Actions</span></th>
                  </tr>
                </thead>
                <tbody>
                  ${this.list.map(
                    (t) =>
                      html`<tr>
                        <td>${t.name}</td>
                        <td>${formatDate(t.createdAt)}</td>
                        <td>${t.lastUsedAt ? formatDate(t.lastUsedAt) : 'never'}</td>
                        <td>${expiry(t)}</td>
                        <td>
                          <button type="button" aria-label="Revoke ${t.name}" @click=${() => this.revoke(t)}>
                            Revoke
                          </button>
                        </td>
                      </tr>`,
                  )}
                </tbody>
              </table>`
            : html`<p class="muted">No tokens.</p>`
        }
      </section>
    `;
  }
}
