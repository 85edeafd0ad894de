import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { auth, messageOf } from '../../api.ts';
import { base } from '../shared-styles.ts';
import { msg, updateWhenLocaleChanges } from '../../i18n/i18n.ts';

export type PasswordPageMode = 'invite' | 'reset' | 'forgot';

/**
 * Choosing a password from an invite or reset link (`/invite#token=…`, `/reset#token=…`), and
 * asking for a reset link (`/forgot`). The link's secret is read from the fragment and then
 * removed from the address bar, so it stays out of history and screenshots.
 * @event nt-signed-in - detail: the user, signed in with the password just chosen.
 */
export class NtPasswordPage extends LitElement {
  static override styles = [
    base,
    css`
      .card {
        max-width: 26rem;
        margin: 3rem auto;
      }
    `,
  ];
  static override properties = {
    mode: { type: String },
    busy: { state: true },
    error: { state: true },
    sent: { state: true },
  };
  declare mode: PasswordPageMode;
  declare busy: boolean;
  declare error: string;
  /** "Forgot": the request went out. */
  declare sent: boolean;
  private token = '';

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.mode = 'forgot';
    this.busy = false;
    this.error = '';
    this.sent = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const m = /(?:^#|&)token=([^&]+)/.exec(location.hash);
    if (m) {
      this.token = decodeURIComponent(m[1]);
      history.replaceState(history.state, '', location.pathname);
    }
  }

  private async choose(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const d = new FormData(e.target as HTMLFormElement);
    const password = String(d.get('password') ?? '');
    if (password !== String(d.get('confirm') ?? '')) {
      this.error = msg('The two passwords differ. Type the same password twice.');
      return;
    }
    this.busy = true;
    this.error = '';
    try {
      const user = await auth.accept(this.token, password);
      this.dispatchEvent(new CustomEvent('nt-signed-in', { detail: user, bubbles: true, composed: true }));
    } catch (err) {
      this.error = messageOf(err);
    } finally {
      this.busy = false;
    }
  }

  private async ask(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const email = String(new FormData(e.target as HTMLFormElement).get('email') ?? '').trim();
    this.busy = true;
    this.error = '';
    try {
      await auth.forgot(email);
      this.sent = true;
    } catch (err) {
      this.error = messageOf(err);
    } finally {
      this.busy = false;
    }
  }

  override render(): TemplateResult {
    const error = this.error ? html`<div class="error" role="alert">${this.error}</div>` : nothing;
    if (this.mode === 'forgot') {
      return html`<form class="card" @submit=${this.ask}>
        <h1>${msg('Forgot your password?')}</h1>
        ${error}
        ${
          this.sent
            ? html`<p role="status">
                ${msg(
                  'If an account uses this address, a link to choose a new password is on its way. It works once, for 72 hours. Nothing within a few minutes? Your administrator can send you a link from the Users page.',
                )}
              </p>`
            : html`<p class="muted">${msg('We e-mail you a link to choose a new password.')}</p>
                <div class="field">
                  <label for="email">${msg('Email')}</label>
                  <input id="email" name="email" type="email" autocomplete="username" required autofocus />
                </div>
                <button class="primary" type="submit" ?disabled=${this.busy}>
                  ${msg('Send me a link')}
                </button>`
        }
        <p><a href="/login">${msg('Back to sign in')}</a></p>
      </form>`;
    }
    if (!this.token) {
      return html`<div class="card">
        <h1>${this.mode === 'invite' ? msg('Accept your invitation') : msg('Choose a new password')}</h1>
        <p class="error" role="alert">
          ${msg('This link is incomplete. Open it again from your e-mail, or ask your administrator for a new one.')}
        </p>
        <p><a href="/forgot">${msg('Ask for a new link')}</a> · <a href="/login">${msg('Sign in')}</a></p>
      </div>`;
    }
    return html`<form class="card" @submit=${this.choose}>
      <h1>${this.mode === 'invite' ? msg('Welcome to Notula') : msg('Choose a new password')}</h1>
      <p class="muted">
        ${
          this.mode === 'invite'
            ? msg('Choose the password you will sign in with (at least 8 characters).')
            : msg('Your old password stops working, and you are signed out everywhere else.')
        }
      </p>
      ${error}
      <div class="field">
        <label for="password">${msg('New password')}</label>
        <input
          id="password"
          name="password"
          type="password"
          autocomplete="new-password"
          minlength="8"
          required
          autofocus
        />
      </div>
      <div class="field">
        <label for="confirm">${msg('New password again')}</label>
        <input
          id="confirm"
          name="confirm"
          type="password"
          autocomplete="new-password"
          minlength="8"
          required
        />
      </div>
      <button class="primary" type="submit" ?disabled=${this.busy}>
        ${this.busy ? msg('Saving…') : this.mode === 'invite' ? msg('Set password and sign in') : msg('Save and sign in')}
      </button>
    </form>`;
  }
}
