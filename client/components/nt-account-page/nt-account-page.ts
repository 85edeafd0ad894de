import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { auth, messageOf, tokens } from '../../api.ts';
import { formatDate, roleLabel } from '../../lib/format.ts';
import type { ApiToken, User } from '../../types.ts';
import { base } from '../shared-styles.ts';
import {
  LOCALE_NAMES,
  LOCALES,
  applyLocale,
  isLocale,
  msg,
  pickLocale,
  str,
  updateWhenLocaleChanges,
} from '../../i18n/i18n.ts';

/** "never", the date, or "expired <date>" once past (an expired token answers 401 until revoked). */
function expiry(t: ApiToken): string {
  if (!t.expiresAt) return msg('never');
  const when = formatDate(t.expiresAt);
  return Date.parse(t.expiresAt) <= Date.now() ? msg(str`expired ${when}`) : when;
}

/**
 * The signed-in user's page language, password and API tokens (for scripts that upload without a browser).
 * @event nt-user-changed - detail: the user after a change of their settings.
 */
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
    updateWhenLocaleChanges(this);
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
      this.error = msg(str`Could not load your API tokens: ${messageOf(err)}`);
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
      this.notice = msg('Password changed. Your other sessions and all your API tokens no longer work.');
      await this.load();
    } catch (err) {
      this.error = msg(str`Could not change the password: ${messageOf(err)}`);
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
      this.error = msg(str`Could not create the token: ${messageOf(err)}`);
    }
  }

  private async revoke(t: ApiToken): Promise<void> {
    try {
      await tokens.remove(t.id);
      this.notice = msg(str`Token “${t.name}” revoked.`);
      await this.load();
    } catch (err) {
      this.error = msg(str`Could not revoke the token: ${messageOf(err)}`);
    }
  }

  private async chooseLanguage(e: Event): Promise<void> {
    const value = (e.target as HTMLSelectElement).value;
    const locale = isLocale(value) ? value : null;
    try {
      const user = await auth.setLocale(locale);
      this.user = user;
      this.error = '';
      await applyLocale(pickLocale(locale, navigator.languages));
      this.dispatchEvent(new CustomEvent('nt-user-changed', { detail: user, bubbles: true, composed: true }));
    } catch (err) {
      this.error = msg(str`Could not change the language: ${messageOf(err)}`);
    }
  }

  private renderLanguage(): TemplateResult {
    const chosen = this.user?.locale ?? '';
    return html`<section class="card" aria-labelledby="lang-title">
      <h2 id="lang-title">${msg('Language')}</h2>
      <div class="field">
        <label for="lang">${msg('Page language')}</label>
        <select id="lang" @change=${this.chooseLanguage}>
          <option value="" ?selected=${chosen === ''}>${msg('As the browser says')}</option>
          ${LOCALES.map(
            (l) => html`<option value=${l} ?selected=${chosen === l}>${LOCALE_NAMES[l]}</option>`,
          )}
        </select>
      </div>
    </section>`;
  }

  override render(): TemplateResult {
    return html`
      <h1>${msg('Account')}</h1>
      <p class="muted">
        ${msg(str`Signed in as ${this.user?.email ?? ''} (${this.user ? roleLabel(this.user.role) : ''}).`)}
      </p>
      ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : nothing}
      ${this.notice ? html`<div class="notice" role="status">${this.notice}</div>` : nothing}
      ${this.renderLanguage()}
      <form class="card" @submit=${this.changePassword} aria-labelledby="pw-title">
        <h2 id="pw-title">${msg('Change password')}</h2>
        <div class="field">
          <label for="current">${msg('Current password')}</label>
          <input id="current" name="current" type="password" required autocomplete="current-password" />
        </div>
        <div class="field">
          <label for="next">${msg('New password')}</label>
          <input id="next" name="next" type="password" required minlength="8" autocomplete="new-password" />
        </div>
        <button type="submit" class="primary">${msg('Change password')}</button>
      </form>
      <section class="card" aria-labelledby="tok-title">
        <h2 id="tok-title">${msg('API tokens')}</h2>
        <form class="row" @submit=${this.createToken}>
          <div>
            <label for="tok-name">${msg('Token name')}</label
            ><input id="tok-name" name="name" required maxlength="100" />
          </div>
          <div>
            <label for="tok-expires">${msg('Expires after')}</label
            ><select id="tok-expires" name="expires">
              <option value="30">${msg('30 days')}</option>
              <option value="90" selected>${msg('90 days')}</option>
              <option value="365">${msg('1 year')}</option>
              <option value="0">${msg('Never (until revoked)')}</option>
            </select>
          </div>
          <button type="submit">${msg('Create token')}</button>
        </form>
        ${
          this.newToken
            ? html`<div class="warn" role="status">
                ${msg('New token (shown once, copy it now):')} <code>${this.newToken}</code>
              </div>`
            : nothing
        }
        ${
          this.list?.length
            ? html`<div class="scroll-x">
                <table aria-label=${msg('API tokens')}>
                  <thead>
                    <tr>
                      <th scope="col">${msg('Name')}</th>
                      <th scope="col">${msg('Created')}</th>
                      <th scope="col">${msg('Last used')}</th>
                      <th scope="col">${msg('Expires')}</th>
                      <th scope="col"><span class="visually-hidden">${msg('Actions')}</span></th>
                    </tr>
                  </thead>
                  <tbody>
                    ${this.list.map(
                      (t) =>
                        html`<tr>
                          <td>${t.name}</td>
                          <td>${formatDate(t.createdAt)}</td>
                          <td>${t.lastUsedAt ? formatDate(t.lastUsedAt) : msg('never')}</td>
                          <td>${expiry(t)}</td>
                          <td>
                            <button
                              type="button"
                              aria-label=${msg(str`Revoke ${t.name}`)}
                              @click=${() => this.revoke(t)}
                            >
                              ${msg('Revoke')}
                            </button>
                          </td>
                        </tr>`,
                    )}
                  </tbody>
                </table>
              </div>`
            : html`<p class="muted">${msg('No tokens.')}</p>`
        }
      </section>
    `;
  }
}
