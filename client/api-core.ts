/** Fetch wrapper: JSON in and out, same-origin cookies, and one error type for every failure. */
import { msg, str } from '@lit/localize';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** True when the request never got an answer (offline, server down, connection dropped). */
  get isNetwork(): boolean {
    return this.status === 0;
  }
}

/** Words for a status when the server sent none (a proxy's HTML page, an empty body). */
function fallbackFor(status: number): string | undefined {
  switch (status) {
    case 400:
      return msg('The request was not accepted. Check the fields and try again.');
    case 401:
      return msg('Please sign in again.');
    case 403:
      return msg('You are not allowed to do that.');
    case 404:
      return msg('Not found. It may have been deleted, or it is not yours to see.');
    case 409:
      return msg('That changed in the meantime. Reload and try again.');
    case 413:
      return msg('The file is too large.');
    case 415:
      return msg('That file is not audio or video.');
    case 422:
      return msg('That file cannot be decoded.');
    case 429:
      return msg('Too many attempts. Wait a minute and try again.');
    default:
      return undefined;
  }
}

/** Builds an ApiError from any response body: the `{error:{code,message,details}}` shape, or text. */
export function errorFromBody(status: number, bodyText: string): ApiError {
  try {
    const parsed: unknown = JSON.parse(bodyText);
    if (parsed && typeof parsed === 'object' && 'error' in parsed) {
      const e = (parsed as { error: unknown }).error;
      if (e && typeof e === 'object') {
        const { code, message, details } = e as { code?: unknown; message?: unknown; details?: unknown };
        return new ApiError(
          status,
          typeof code === 'string' ? code : `http_${status}`,
          typeof message === 'string' && message ? message : fallbackMessage(status),
          details,
        );
      }
    }
  } catch {
    // not JSON: fall through to the generic message
  }
  return new ApiError(status, `http_${status}`, fallbackMessage(status));
}

function fallbackMessage(status: number): string {
  return (
    fallbackFor(status) ?? msg(str`The server answered with an error (${status}). Try again in a moment.`)
  );
}

/** Paths whose 401 is an ordinary answer rather than a lost session. */
const QUIET_401 = new Set(['/api/me', '/api/auth/login', '/api/auth/password']);

export interface RequestOptions {
  /** Keep the request alive while the page unloads (autosave on leave). */
  keepalive?: boolean;
  signal?: AbortSignal;
}

export async function request<T>(
  method: string,
  path: string,
  body?: unknown,
  opts: RequestOptions = {},
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers:
        body === undefined
          ? { accept: 'application/json' }
          : { 'content-type': 'application/json', accept: 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      keepalive: opts.keepalive,
      signal: opts.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(
      0,
      'network_error',
      msg('Cannot reach the server. Check your connection and try again.'),
    );
  }
  if (!res.ok) {
    const err = errorFromBody(res.status, await res.text().catch(() => ''));
    if (res.status === 401 && !QUIET_401.has(path) && typeof window !== 'undefined') {
      window.dispatchEvent(new CustomEvent('nt-session-expired'));
    }
    throw err;
  }
  if (res.status === 204 || res.headers.get('content-length') === '0') return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Human text for any thrown value, for `role="alert"` regions. */
export function messageOf(err: unknown): string {
  // The server speaks English; its common sentences have an entry in the catalog (locales/id/server.ts).
  if (err instanceof ApiError) return msg(err.message);
  if (err instanceof Error) return err.message;
  return String(err);
}

declare global {
  interface WindowEventMap {
    'nt-session-expired': CustomEvent<void>;
  }
}
