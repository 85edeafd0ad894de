/**
 * Why a file cannot be ingested, in words an uploader understands. `kind` is for code
 * (the server maps it to 415 or 422); `message` is a full sentence saying what was found.
 */
export type MediaErrorKind = 'empty' | 'not_media' | 'no_audio' | 'truncated' | 'undecodable' | 'too_long';

export class MediaError extends Error {
  constructor(
    readonly kind: MediaErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'MediaError';
  }
}
