import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { auth, ApiError, messageOf } from '../../api.ts';
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

const ROLE_LABEL: Record<User['role'], string> = {
  client: 'Client',
  transcriber: 'Transcriber',
  reviewer: 'Reviewer',
  admin: 'Admin',
};

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
    this.user = undefined;
    this.route = matchRoute(location.pathname);
    this.error = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const onRoute = (): void => this.onLocation();
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
      this.user = await auth.me();
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

  private onSignedIn(e: CustomEvent<User>): void {
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
      <a class="skip" href="#main">Skip to content</a>
      ${this.user ? this.renderBar(this.user) : nothing}
      <main id="main" tabindex="-1">
        ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : nothing}
        ${this.renderPage()}
      </main>
    `;
  }

  private renderBar(user: User): TemplateResult {
    const links: [string, string][] = [];
    if (user.role === 'client' || user.role === 'admin') links.push(['/recordings', 'Recordings']);
    if (user.role === 'transcriber') links.push(['/work', 'Work']);
    if (user.role === 'reviewer' || user.role === 'admin') links.push(['/review', 'Review']);
    if (user.role === 'admin') links.push(['/admin', 'Admin']);
    const here = location.pathname;
    return html`
      <header class="bar">
        <a class="brand" href=${HOME[user.role]}>Notula</a>
        <nav aria-label="Main">
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
          <span class="email" title=${user.email}>${user.name || user.email}</span>
          <span class="role">${ROLE_LABEL[user.role]}</span>
        </span>
        <a href="/account">Account</a>
        <button type="button" @click=${this.signOut}>Sign out</button>
      </header>
    `;
  }

  private renderPage(): TemplateResult | typeof nothing {
    const r = this.route;
    if (this.user === undefined) return html`<p class="muted">Loading…</p>`;
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
        return html`<nt-account-page .user=${user}></nt-account-page>`;
      case 'not-found':
        return html`<h1>Page not found</h1>
          <p>There is nothing at ${r.path}. <a href=${HOME[user.role]}>Go to your start page</a>.</p>`;
      default:
        return nothing;
    }
  }
}

function titleOf(r: Route): string {
  const titles: Record<Route['name'], string> = {
    login: 'Sign in',
    invite: 'Accept invitation',
    reset: 'New password',
    forgot: 'Forgot password',
    home: 'Home',
    recordings: 'Recordings',
    recording: 'Recording',
    work: 'Work',
    'work-segment': 'Transcribe',
    review: 'Review',
    'review-segment': 'Review segment',
    'review-recording': 'Whole recording',
    admin: 'Admin',
    account: 'Account',
    'not-found': 'Not found',
  };
  return titles[r.name];
}
