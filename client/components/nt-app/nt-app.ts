import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { auth, ApiError, messageOf } from '../../api.ts';
import { roleLabel } from '../../lib/format.ts';
import {
  HOME,
  allowed,
  interceptLinks,
  isPasswordPage,
  matchRoute,
  navigate,
  type Route,
} from '../../router.ts';
import type { User } from '../../types.ts';
import { appStyles } from './nt-app.styles.ts';
import { applyLocale, msg, pickLocale, str, updateWhenLocaleChanges } from '../../i18n/i18n.ts';
import '../nt-login/define.ts';
import '../nt-password-page/define.ts';
import '../nt-recordings-page/define.ts';
import '../nt-recording-page/define.ts';
import '../nt-work-page/define.ts';
import '../nt-segment-editor/define.ts';
import '../nt-review-page/define.ts';
import '../nt-review-recording/define.ts';
import '../nt-admin-page/define.ts';
import '../nt-account-page/define.ts';

/**
 * The application shell: finds out who is signed in, routes with the History API, and shows the
 * top bar (email, role, sign-out) above the page for the current path.
 */
export class NtApp extends LitElement {
  static override styles = appStyles;
  static override properties = {
    user: { state: true },
    route: { state: true },
    error: { state: true },
  };

  /** `undefined` while the session is being checked, `null` when signed out. */
  declare user: User | null | undefined;
  declare route: Route;
  declare error: string;
  private cleanup: (() => void)[] = [];
  private shownPath = '';

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.user = undefined;
    this.route = matchRoute(location.pathname);
    this.error = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const onRoute = (): void => this.onLocation();
    // The account page changed the language: the title follows (components re-render by themselves).
    const onLocale = (): void => {
      document.title = `${titleOf(this.route)} · Notula`;
    };
    window.addEventListener('lit-localize-status', onLocale);
    this.cleanup.push(() => window.removeEventListener('lit-localize-status', onLocale));
    const onExpired = (): void => {
      this.user = null;
      this.onLocation();
    };
    window.addEventListener('popstate', onRoute);
    window.addEventListener('nt-navigate', onRoute);
    window.addEventListener('nt-session-expired', onExpired);
    this.cleanup.push(
      interceptLinks(document),
      () => window.removeEventListener('popstate', onRoute),
      () => window.removeEventListener('nt-navigate', onRoute),
      () => window.removeEventListener('nt-session-expired', onExpired),
    );
    void this.loadSession();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const fn of this.cleanup.splice(0)) fn();
  }

  private async loadSession(): Promise<void> {
    try {
      const user = await auth.me();
      await applyLocale(pickLocale(user.locale, navigator.languages));
      this.user = user;
    } catch (err) {
      this.user = null;
      if (!(err instanceof ApiError && err.status === 401)) this.error = messageOf(err);
    }
    this.onLocation();
  }

  /** Re-reads the location and applies the sign-in and role rules. */
  private onLocation(): void {
    const route = matchRoute(location.pathname);
    const user = this.user;
    if (user === undefined) {
      this.route = route;
      return;
    }
    if (isPasswordPage(route)) {
      // Open to anyone: following an invite or reset link signs in as the link's user.
    } else if (user === null) {
      if (route.name !== 'login') {
        const next = location.pathname === '/' ? '' : `?next=${encodeURIComponent(location.pathname)}`;
        navigate(`/login${next}`, { replace: true });
        return;
      }
    } else if (route.name === 'login' || route.name === 'home' || !allowed(route, user.role)) {
      navigate(HOME[user.role], { replace: true });
      return;
    }
    const moved = this.route.name !== route.name || this.shownPath !== location.pathname;
    this.route = route;
    this.shownPath = location.pathname;
    document.title = `${titleOf(route)} · Notula`;
    // After a client-side navigation, start screen readers and Tab at the new page, not the old link.
    if (moved && this.hasUpdated) {
      void this.updateComplete.then(() => {
        window.scrollTo(0, 0);
        this.renderRoot.querySelector<HTMLElement>('main')?.focus({ preventScroll: true });
      });
    }
  }

  private async onSignedIn(e: CustomEvent<User>): Promise<void> {
    await applyLocale(pickLocale(e.detail.locale, navigator.languages));
    this.user = e.detail;
    this.error = '';
    const next = new URLSearchParams(location.search).get('next');
    const target =
      next && next.startsWith('/') && allowed(matchRoute(next), e.detail.role) ? next : HOME[e.detail.role];
    navigate(target, { replace: true });
  }

  private async signOut(): Promise<void> {
    try {
      await auth.logout();
    } catch {
      // the cookie may already be gone; signing out locally is what the user asked for
    }
    this.user = null;
    navigate('/login');
  }

  override render(): TemplateResult {
    return html`
      <a class="skip" href="#main">${msg('Skip to content')}</a>
      ${this.user ? this.renderBar(this.user) : nothing}
      <main id="main" tabindex="-1">
        ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : nothing}
        ${this.renderPage()}
      </main>
    `;
  }

  private renderBar(user: User): TemplateResult {
    const links: [string, string][] = [];
    if (user.role === 'client' || user.role === 'admin') links.push(['/recordings', msg('Recordings')]);
    if (user.role === 'transcriber') links.push(['/work', msg('Work')]);
    if (user.role === 'reviewer' || user.role === 'admin') links.push(['/review', msg('Review')]);
    if (user.role === 'admin') links.push(['/admin', msg('Admin')]);
    const here = location.pathname;
    return html`
      <header class="bar">
        <a class="brand" href=${HOME[user.role]} translate="no">Notula</a>
        <nav aria-label=${msg('Main')}>
          ${links.map(
            ([href, label]) =>
              html`<a
                href=${href}
                aria-current=${here === href || here.startsWith(`${href}/`) ? 'page' : 'false'}
                >${label}</a
              >`,
          )}
        </nav>
        <span class="who">
          <span class="email" title=${user.email} translate="no">${user.name || user.email}</span>
          <span class="role">${roleLabel(user.role)}</span>
        </span>
        <a href="/account">${msg('Account')}</a>
        <button type="button" @click=${this.signOut}>${msg('Sign out')}</button>
      </header>
    `;
  }

  private renderPage(): TemplateResult | typeof nothing {
    const r = this.route;
    if (this.user === undefined) return html`<p class="muted">${msg('Loading…')}</p>`;
    if (isPasswordPage(r))
      return html`<nt-password-page .mode=${r.name} @nt-signed-in=${this.onSignedIn}></nt-password-page>`;
    if (this.user === null) return html`<nt-login @nt-signed-in=${this.onSignedIn}></nt-login>`;
    const user = this.user;
    switch (r.name) {
      case 'recordings':
        return html`<nt-recordings-page></nt-recordings-page>`;
      case 'recording':
        return html`<nt-recording-page .recordingId=${r.id}></nt-recording-page>`;
      case 'work':
        return html`<nt-work-page mode="work"></nt-work-page>`;
      case 'work-segment':
        return html`<nt-segment-editor mode="transcribe" .segmentId=${r.segmentId}></nt-segment-editor>`;
      case 'review':
        return html`<nt-review-page></nt-review-page>`;
      case 'review-segment':
        return html`<nt-segment-editor mode="review" .segmentId=${r.segmentId}></nt-segment-editor>`;
      case 'review-recording':
        return html`<nt-review-recording .recordingId=${r.id}></nt-review-recording>`;
      case 'admin':
        return html`<nt-admin-page></nt-admin-page>`;
      case 'account':
        return html`<nt-account-page
          .user=${user}
          @nt-user-changed=${(e: CustomEvent<User>) => (this.user = e.detail)}
        ></nt-account-page>`;
      case 'not-found':
        return html`<h1>${msg('Page not found')}</h1>
          <p>
            ${msg(str`There is nothing at ${r.path}.`)}
            <a href=${HOME[user.role]}>${msg('Go to your start page')}</a>
          </p>`;
      default:
        return nothing;
    }
  }
}

function titleOf(r: Route): string {
  const titles: Record<Route['name'], string> = {
    login: msg('Sign in'),
    invite: msg('Accept invitation'),
    reset: msg('New password'),
    forgot: msg('Forgot password'),
    home: msg('Home'),
    recordings: msg('Recordings'),
    recording: msg('Recording'),
    work: msg('Work'),
    'work-segment': msg('Transcribe'),
    review: msg('Review'),
    'review-segment': msg('Review segment'),
    'review-recording': msg('Whole recording'),
    admin: msg('Admin'),
    account: msg('Account'),
    'not-found': msg('Not found'),
  };
  return titles[r.name];
}
