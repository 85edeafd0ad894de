/** Fetch wrapper: JSON in and out, same-origin cookies, and one error type for every failure. */

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

const FALLBACK_MESSAGES: Record<number, string> = {
  400: 'The request was not accepted. Check the fields and try again.',
  401: 'Please sign in again.',
  403: 'You are not allowed to do that.',
  404: 'Not found. It may have been deleted, or it is not yours to see.',
  409: 'That changed in the meantime. Reload and try again.',
  413: 'The file is too large.',
  415: 'That file is not audio or video.',
  422: 'That file cannot be decoded.',
  429: 'Too many attempts. Wait a minute and try again.',
};

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
  return FALLBACK_MESSAGES[status] ?? `The server answered with an error (${status}). Try again in a moment.`;
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
    throw new ApiError(0, 'network_error', 'Cannot reach the server. Check your connection and try again.');
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
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error) return err.message;
  return String(err);
}

declare global {
  interface WindowEventMap {
    'nt-session-expired': CustomEvent<void>;
  }
}
