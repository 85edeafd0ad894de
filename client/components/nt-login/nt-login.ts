import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { auth, messageOf } from '../../api.ts';
import { base } from '../shared-styles.ts';
import { msg, updateWhenLocaleChanges } from '../../i18n/i18n.ts';

/**
 * Sign-in form.
 * @event nt-signed-in - detail: the signed-in user.
 */
export class NtLogin extends LitElement {
  static override styles = [
    base,
    css`
      .card {
        max-width: 24rem;
        margin: 4rem auto;
      }
    `,
  ];
  static override properties = { busy: { state: true }, error: { state: true } };
  declare busy: boolean;
  declare error: string;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.busy = false;
    this.error = '';
  }

  private async submit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    this.busy = true;
    this.error = '';
    try {
      const user = await auth.login(String(data.get('email') ?? ''), String(data.get('password') ?? ''));
      this.dispatchEvent(new CustomEvent('nt-signed-in', { detail: user, bubbles: true, composed: true }));
    } catch (err) {
      this.error = messageOf(err);
    } finally {
      this.busy = false;
    }
  }

  override render(): TemplateResult {
    return html`
      <form class="card" @submit=${this.submit}>
        <h1>${msg('Sign in to Notula')}</h1>
        ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : nothing}
        <div class="field">
          <label for="email">${msg('Email')}</label>
          <input id="email" name="email" type="email" autocomplete="username" required autofocus />
        </div>
        <div class="field">
          <label for="password">${msg('Password')}</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required />
        </div>
        <button class="primary" type="submit" ?disabled=${this.busy}>
          ${this.busy ? msg('Signing in…') : msg('Sign in')}
        </button>
        <p><a href="/forgot">${msg('Forgot your password?')}</a></p>
      </form>
    `;
  }
}
