/** History-API routing: a pure path matcher plus navigate(), which the app shell listens to. */
import type { Role } from './types.ts';

export type Route =
  | { name: 'login' }
  | { name: 'invite' }
  | { name: 'reset' }
  | { name: 'forgot' }
  | { name: 'recordings' }
  | { name: 'recording'; id: string }
  | { name: 'work' }
  | { name: 'work-segment'; segmentId: string }
  | { name: 'review' }
  | { name: 'review-segment'; segmentId: string }
  | { name: 'review-recording'; id: string }
  | { name: 'admin' }
  | { name: 'account' }
  | { name: 'home' }
  | { name: 'not-found'; path: string };

const TABLE: [RegExp, (m: string[]) => Route][] = [
  [/^\/?$/, () => ({ name: 'home' })],
  [/^\/login$/, () => ({ name: 'login' })],
  [/^\/invite$/, () => ({ name: 'invite' })],
  [/^\/reset$/, () => ({ name: 'reset' })],
  [/^\/forgot$/, () => ({ name: 'forgot' })],
  [/^\/recordings$/, () => ({ name: 'recordings' })],
  [/^\/recordings\/([^/]+)$/, (m) => ({ name: 'recording', id: m[1] })],
  [/^\/work$/, () => ({ name: 'work' })],
  [/^\/work\/([^/]+)$/, (m) => ({ name: 'work-segment', segmentId: m[1] })],
  [/^\/review$/, () => ({ name: 'review' })],
  [/^\/review\/recordings\/([^/]+)$/, (m) => ({ name: 'review-recording', id: m[1] })],
  [/^\/review\/([^/]+)$/, (m) => ({ name: 'review-segment', segmentId: m[1] })],
  [/^\/admin$/, () => ({ name: 'admin' })],
  [/^\/account$/, () => ({ name: 'account' })],
];

export function matchRoute(pathname: string): Route {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  for (const [re, make] of TABLE) {
    const m = re.exec(path);
    if (m) {
      let params: string[];
      try {
        params = m.map((p) => decodeURIComponent(p));
      } catch {
        return { name: 'not-found', path: pathname };
      }
      return make(params);
    }
  }
  return { name: 'not-found', path: pathname };
}

/** Pages for choosing a password (from a link) or asking for a link: open whether signed in or not. */
export function isPasswordPage(route: Route): route is { name: 'invite' | 'reset' | 'forgot' } {
  return route.name === 'invite' || route.name === 'reset' || route.name === 'forgot';
}

export const HOME: Record<Role, string> = {
  client: '/recordings',
  transcriber: '/work',
  reviewer: '/review',
  admin: '/admin',
};

/** Which roles may open a route; login, home, account and not-found are open to anyone signed in. */
export function allowed(route: Route, role: Role): boolean {
  switch (route.name) {
    case 'recordings':
    case 'recording':
      return role === 'client' || role === 'admin';
    case 'work':
    case 'work-segment':
      return role === 'transcriber';
    case 'review':
    case 'review-segment':
    case 'review-recording':
      return role === 'reviewer' || role === 'admin';
    case 'admin':
      return role === 'admin';
    default:
      return true;
  }
}

export function navigate(path: string, opts: { replace?: boolean } = {}): void {
  if (path === location.pathname + location.search + location.hash) return;
  if (opts.replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  window.dispatchEvent(new CustomEvent('nt-navigate'));
}

/**
 * Same-origin link clicks anywhere, shadow roots included, become History API navigations.
 * Modified clicks, downloads and external links keep their browser behaviour.
 */
export function interceptLinks(root: Document | HTMLElement = document): () => void {
  const onClick = (e: Event): void => {
    const ev = e as MouseEvent;
    if (ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey)
      return;
    const a = ev.composedPath().find((n): n is HTMLAnchorElement => n instanceof HTMLAnchorElement);
    if (!a || a.hasAttribute('download') || (a.target && a.target !== '_self')) return;
    const url = new URL(a.href, location.href);
    if (url.origin !== location.origin || url.pathname.startsWith('/api/')) return;
    // A fragment of this very page (the skip link, `#t=` on the page itself) is the browser's to follow.
    if (url.hash && url.pathname === location.pathname && url.search === location.search) return;
    ev.preventDefault();
    // The fragment travels too: a search hit opens its recording at `#t=<seconds>`.
    navigate(url.pathname + url.search + url.hash);
  };
  root.addEventListener('click', onClick);
  return () => root.removeEventListener('click', onClick);
}

declare global {
  interface WindowEventMap {
    'nt-navigate': CustomEvent<void>;
  }
}
