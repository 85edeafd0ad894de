/** Resumable uploads with tus-js-client: retries a dropped connection and resumes after a reload. */
import { Upload, type DetailedError } from 'tus-js-client';
import { errorFromBody } from '../api-core.ts';
import { formatBytes } from './format.ts';
import { msg, str } from '@lit/localize';

export interface UploadMeta {
  title: string;
  language: string;
  participants: string;
  segmentSeconds?: number;
  /** The order: a tier of the organisation, verbatim mode, instructions, extra glossary terms. */
  turnaround?: string;
  verbatim?: 'clean' | 'full';
  instructions?: string;
  glossary?: string;
}

export interface UploadCallbacks {
  onProgress(sent: number, total: number): void;
  onRecordingId(id: string): void;
  /** A request failed and will be retried shortly. */
  onRetrying(): void;
  onSuccess(): void;
  onError(message: string, canResume: boolean): void;
}

export interface UploadHandle {
  /** Starts again from the last byte the server has (after a failure or a pause). */
  resume(): void;
  abort(): Promise<void>;
}

const RETRY_DELAYS = [0, 1000, 3000, 5000, 10000, 20000, 30000, 60000];
const CHUNK = 8 * 1024 * 1024;
const idKey = (url: string): string => `notula-upload-recording:${url}`;

export async function startUpload(file: File, meta: UploadMeta, cb: UploadCallbacks): Promise<UploadHandle> {
  const metadata: Record<string, string> = {
    filename: file.name,
    filetype: file.type || 'application/octet-stream',
  };
  // Empty fields are left out rather than sent as empty strings, so the server's defaults apply.
  if (meta.title) metadata.title = meta.title;
  if (meta.language) metadata.language = meta.language;
  if (meta.participants) metadata.participants = meta.participants;
  if (meta.segmentSeconds) metadata.segmentSeconds = String(meta.segmentSeconds);
  for (const k of ['turnaround', 'verbatim', 'instructions', 'glossary'] as const) {
    const v = meta[k]?.trim();
    if (v) metadata[k] = v;
  }

  let createdId: string | null = null;
  const upload: Upload = new Upload(file, {
    endpoint: '/api/uploads',
    metadata,
    chunkSize: CHUNK,
    retryDelays: RETRY_DELAYS,
    storeFingerprintForResuming: true,
    removeFingerprintOnSuccess: true,
    onAfterResponse(req, res) {
      const id = res.getHeader('Notula-Recording-Id');
      if (req.getMethod() === 'POST' && id) {
        createdId = id;
        cb.onRecordingId(id);
      }
    },
    onUploadUrlAvailable() {
      // Remember which recording this upload URL created, so a resumed upload can link to it.
      if (createdId && upload.url) safeSet(idKey(upload.url), createdId);
    },
    onShouldRetry(err) {
      const status = err.originalResponse?.getStatus() ?? 0;
      const retry = !(status >= 400 && status < 500 && status !== 409 && status !== 423);
      if (retry) cb.onRetrying();
      return retry;
    },
    onProgress: (sent, total) => cb.onProgress(sent, total),
    onSuccess() {
      if (upload.url) {
        try {
          localStorage.removeItem(idKey(upload.url));
        } catch {
          // nothing to clean up then
        }
      }
      cb.onSuccess();
    },
    onError(err) {
      const [message, canResume] = describeError(err as DetailedError);
      cb.onError(message, canResume);
    },
  });

  const previous = await upload.findPreviousUploads().catch(() => []);
  if (previous.length > 0) {
    const prev = previous[0];
    upload.resumeFromPreviousUpload(prev);
    const known = prev.uploadUrl ? safeGet(idKey(prev.uploadUrl)) : null;
    if (known) cb.onRecordingId(known);
  }
  upload.start();
  return {
    resume: () => upload.start(),
    abort: () => upload.abort(true).catch(() => undefined),
  };
}

function safeSet(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // storage full or disabled: only the link after a reload is lost
  }
}

function safeGet(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

/** A sentence for the person uploading, and whether pressing "Resume" can help. */
function describeError(err: DetailedError): [string, boolean] {
  const res = err.originalResponse;
  if (!res) return [msg('The connection dropped. Press Retry to continue from where it stopped.'), true];
  const status = res.getStatus();
  const apiErr = errorFromBody(status, res.getBody() ?? '');
  if (status === 413) {
    const d = apiErr.details as { limitBytes?: number; limit?: number } | undefined;
    const limit = d?.limitBytes ?? d?.limit;
    const fallback =
      typeof limit === 'number'
        ? msg(str`File too large (limit ${formatBytes(limit)}).`)
        : msg('File too large (over the limit the server sets).');
    return [apiErr.code === 'http_413' ? fallback : apiErr.message || fallback, false];
  }
  if (status === 415 || status === 422 || status === 400 || status === 429)
    return [apiErr.message, status === 429];
  if (status === 401)
    return [msg('Your session ended. Sign in again, then choose the file again to resume.'), false];
  return [apiErr.message, status >= 500 || status === 409 || status === 423];
}
