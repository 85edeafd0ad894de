/**
 * Typed errors thrown by services. Each carries an HTTP status and a snake_case code; the one
 * error middleware renders them as `{error: {code, message, details}}`. Services never know HTTP
 * beyond the status number carried here.
 */
export class AppError extends Error {
  readonly status: number = 500;
  readonly code: string = 'internal_error';
  constructor(
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  override readonly status = 400;
  override readonly code: string = 'validation_failed';
}

export class UnauthenticatedError extends AppError {
  override readonly status = 401;
  override readonly code = 'unauthenticated';
  constructor(
    message = 'Sign in first: send a session cookie or an "Authorization: Bearer <token>" header.',
  ) {
    super(message);
  }
}

export class NotFoundError extends AppError {
  override readonly status = 404;
  override readonly code = 'not_found';
  constructor(what = 'resource') {
    super(`No such ${what}, or it is not visible to you.`);
  }
}

export class ConflictError extends AppError {
  override readonly status = 409;
  constructor(
    override readonly code:
      'version_conflict' | 'lease_expired' | 'not_completed' | 'invalid_transition' | 'duplicate',
    message: string,
    details?: unknown,
  ) {
    super(message, details);
  }
}

export class PayloadTooLargeError extends AppError {
  override readonly status = 413;
  override readonly code = 'payload_too_large';
}

export class UnsupportedMediaError extends AppError {
  override readonly status = 415;
  override readonly code = 'unsupported_media';
}

export class UndecodableMediaError extends AppError {
  override readonly status = 422;
  override readonly code = 'undecodable_media';
}

export class RecordingTooLongError extends AppError {
  override readonly status = 422;
  override readonly code = 'recording_too_long';
}

export class RateLimitedError extends AppError {
  override readonly status = 429;
  override readonly code = 'rate_limited';
  constructor(
    message: string,
    readonly retryAfterSec: number,
  ) {
    super(message, { retryAfterSec });
  }
}

export class ForbiddenError extends AppError {
  // Used only where the caller is known and the resource is theirs but the role or credential
  // may not act (e.g. a client calling an admin endpoint, an API token asking for another token).
  // Out-of-scope resources answer 404 instead.
  override readonly status = 403;
  override readonly code = 'forbidden';
}

export class ForbiddenOriginError extends AppError {
  // A browser sent a state-changing request from another site's page: refused before any work.
  override readonly status = 403;
  override readonly code = 'forbidden_origin';
}

export class InvalidTokenError extends AppError {
  // One answer for a link that was used, withdrawn, expired or never existed: which of these it
  // was would tell a guesser something, and the person holding the link can act on neither.
  override readonly status = 400;
  override readonly code = 'invalid_token';
  constructor() {
    super(
      'This link no longer works: it was used already, has expired (after 72 hours) or was replaced. Ask an administrator for a new one, or use "Forgot password".',
    );
  }
}

export class RecordingDeletedError extends AppError {
  // Still a 404 (the segment is gone), but told only to someone who held the segment, with why.
  override readonly status = 404;
  override readonly code = 'recording_deleted';
  constructor(reason: 'client' | 'retention') {
    super(
      reason === 'retention'
        ? 'This segment is gone: its recording reached the end of its retention period and was deleted. There is nothing more to do on it; claim the next segment.'
        : 'This segment is gone: its recording was deleted by the client. There is nothing more to do on it; claim the next segment.',
      { reason: 'recording_deleted' },
    );
  }
}

/** A machine draft (an ASR tool's output) that cannot be read: the message names the line or field. */
export class InvalidDraftError extends AppError {
  override readonly status = 400;
  override readonly code = 'invalid_draft';
  constructor(
    message: string,
    /** `segments[3].words[1].start`, `line 12`, `(file)`. */
    readonly where: string,
  ) {
    super(message, { where });
  }
}

/**
 * A JSON answer its endpoint's response schema refuses: the server broke its own contract. Checked
 * only with CHECK_RESPONSES (the test suite), where it must fail the test that met it.
 */
export class ResponseContractError extends AppError {
  override readonly status = 500;
  override readonly code = 'response_contract_violated';
}
