/**
 * The environment, parsed once. A bad value stops start-up with a sentence naming the variable.
 */
import path from 'node:path';
import { DEFAULT_TARGET_SEC } from '../media/index.ts';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  /** HTTP port (PORT, default 3000). */
  port: number;
  /** Interface to listen on (HOST, default 0.0.0.0). */
  host: string;
  /** Embedded store, media and upload files (DATA_DIR, default ./data). */
  dataDir: string;
  /** When set, MongoDB is the store (MONGODB_URI). */
  mongodbUri: string | null;
  /** Database name on MongoDB (MONGODB_DB, default notula). */
  mongodbDb: string;
  adminEmail: string | null;
  adminPassword: string | null;
  /** Largest accepted upload in bytes (MAX_UPLOAD_BYTES, default 4 GiB). */
  maxUploadBytes: number;
  /** Largest JSON body in bytes (MAX_JSON_BYTES, default 1 MiB). */
  maxJsonBytes: number;
  /** ffmpeg to run (FFMPEG_PATH); else ffmpeg-static when installed, else ffmpeg on the PATH. */
  ffmpegPath: string | null;
  /** ffprobe to run (FFPROBE_PATH); else the one beside ffmpeg, else ffprobe on the PATH. */
  ffprobePath: string | null;
  /** Where ffmpeg and ffprobe are looked for when not given (PATH). */
  searchPath: string;
  /** YAMNet model file (YAMNET_MODEL); else DATA_DIR/models/yamnet.tflite if present. */
  yamnetModel: string | null;
  logLevel: LogLevel;
  /** Transcriber/reviewer lease, counted from the last save (LEASE_SECONDS, default 1800). */
  leaseSeconds: number;
  /**
   * How long a returned segment waits for the transcriber who submitted it before anyone may claim
   * it (RETURN_HOLD_HOURS, default 24; 0 sends it straight back to the general queue).
   */
  returnHoldHours: number;
  /** Session cookie lifetime (SESSION_TTL_HOURS, default 168). */
  sessionTtlHours: number;
  /** Jobs run at once by one worker process (WORKER_CONCURRENCY, default 2). */
  workerConcurrency: number;
  /** Run job workers inside `npm start` (WORKERS_IN_PROCESS, default true). */
  workersInProcess: boolean;
  /** Lease a worker holds on a job, renewed while it runs (JOB_LEASE_SECONDS, default 60). */
  jobLeaseSeconds: number;
  /** Failed login attempts per email+address per 15 minutes before 429 (LOGIN_MAX_ATTEMPTS, default 10). */
  loginMaxAttempts: number;
  /**
   * Failed login attempts per address per 15 minutes, whatever the e-mails, before 429
   * (LOGIN_MAX_ATTEMPTS_PER_ADDRESS, default 50): stops one password being sprayed over many accounts.
   */
  loginMaxAttemptsPerAddress: number;
  /** Mark cookies Secure (COOKIE_SECURE, default false; set true behind TLS). */
  cookieSecure: boolean;
  /** Express "trust proxy" setting (TRUST_PROXY, default false). */
  trustProxy: boolean;
  /** Default target segment length in seconds (SEGMENT_SECONDS, default 120). */
  segmentSeconds: number;
  /**
   * Let webhooks reach loopback, private (RFC 1918), carrier-grade NAT and unique-local addresses
   * (WEBHOOK_ALLOW_PRIVATE, default false): for on-premises installs whose receiver is inside.
   */
  webhookAllowPrivate: boolean;
  /** Time for a request's headers and body to arrive, uploads excepted (REQUEST_TIMEOUT_SECONDS, default 60). */
  requestTimeoutSeconds: number;
  /** Silence after which an upload's body is cut off (UPLOAD_IDLE_SECONDS, default 60). */
  uploadIdleSeconds: number;
  /** Open connections the server accepts at once; more are closed on arrival (MAX_CONNECTIONS, default 1000). */
  maxConnections: number;
  /** Longest recording accepted, in seconds (MAX_RECORDING_SECONDS, default 21600 = 6 h). */
  maxRecordingSeconds: number;
  /** Most segments one recording is cut into; a smaller target is raised to fit (MAX_SEGMENTS_PER_RECORDING, default 500). */
  maxSegmentsPerRecording: number;
  /** Live event streams (SSE) one user may hold open at once, per process (MAX_STREAMS_PER_USER, default 10). */
  maxStreamsPerUser: number;
  /** Origins besides the server's own that may send state-changing requests (ALLOWED_ORIGINS, comma-separated). */
  allowedOrigins: readonly string[];
  /**
   * Mail server (SMTP_URL, `smtp://user:pass@host:port` or `smtps://…`): invites, reset links and
   * notices are e-mailed when set; without it nothing is sent and the admin is shown the links.
   */
  smtpUrl: string | null;
  /** Sender address of every e-mail (MAIL_FROM, e.g. `Notula <notula@example.com>`); needed with SMTP_URL. */
  mailFrom: string | null;
  /**
   * The address people open Notula at (PUBLIC_URL, e.g. `https://notula.example.com`): links in
   * e-mails start with it, never with a request's Host header. Needed with SMTP_URL.
   */
  publicUrl: string | null;
  /** Serve the browser app's source map (NODE_ENV=development only): it would hand out the client's source. */
  serveSourceMaps: boolean;
  /**
   * Base URL of an OpenAI-compatible speech-to-text server (ASR_URL, e.g. http://127.0.0.1:8080/v1):
   * segments of organisations with `asr: "auto"` are sent to `{ASR_URL}/audio/transcriptions` for a
   * first draft. Null: no machine drafts but imported ones.
   */
  asrUrl: string | null;
  /** The `model` field sent with each request (ASR_MODEL, default whisper-1). */
  asrModel: string;
  /** Sent as `Authorization: Bearer …` when set (ASR_API_KEY). */
  asrApiKey: string | null;
  /** Requests in flight to the ASR server at once, per process (ASR_CONCURRENCY, default 2). */
  asrConcurrency: number;
  /** One request's time limit before it is retried (ASR_TIMEOUT_SECONDS, default 300). */
  asrTimeoutSeconds: number;
  /**
   * Check every JSON answer against its endpoint's response schema and answer 500 on a mismatch
   * (CHECK_RESPONSES, default off): the test suite turns it on, so every test verifies the contract.
   */
  checkResponses: boolean;
}

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, def: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}; it is "${raw}".`);
  }
  return n;
}

function bool(env: Env, name: string, def: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(`${name} must be true or false; it is "${raw}".`);
}

function str(env: Env, name: string): string | null {
  const raw = env[name];
  return raw === undefined || raw === '' ? null : raw;
}

/** `https://notula.example.com, http://localhost:8080` → each as a normalised origin. */
function origins(env: Env, name: string): string[] {
  const raw = str(env, name);
  if (raw === null) return [];
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      let u: URL | null = null;
      try {
        u = new URL(s);
      } catch {
        u = null;
      }
      const bare = u && u.pathname === '/' && !u.search && !u.hash && !u.username && !u.password;
      if (!u || !bare || !/^https?:$/.test(u.protocol)) {
        throw new ConfigError(
          `${name} must list origins such as https://notula.example.com (scheme, host and port only); "${s}" is not one.`,
        );
      }
      return u.origin;
    });
}

/** ASR_URL: an http(s) base URL without query or credentials (the key goes in ASR_API_KEY). */
function asrUrl(env: Env): string | null {
  const raw = str(env, 'ASR_URL');
  if (raw === null) return null;
  let u: URL | null = null;
  try {
    u = new URL(raw);
  } catch {
    u = null;
  }
  if (!u || !/^https?:$/.test(u.protocol) || u.search || u.hash || u.username || u.password) {
    throw new ConfigError(
      `ASR_URL must be an http(s) base URL such as http://127.0.0.1:8080/v1 (no query, no credentials: put a key in ASR_API_KEY); it is "${raw}".`,
    );
  }
  return u.href.replace(/\/+$/, '');
}

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** The settings the media pipeline needs: what the ingest command (scripts/ingest.ts) reads alone. */
export type MediaConfig = Pick<
  Config,
  'dataDir' | 'ffmpegPath' | 'ffprobePath' | 'searchPath' | 'yamnetModel'
>;

export function loadMediaConfig(env: Env = process.env): Readonly<MediaConfig> {
  return Object.freeze({
    dataDir: path.resolve(str(env, 'DATA_DIR') ?? 'data'),
    ffmpegPath: str(env, 'FFMPEG_PATH'),
    ffprobePath: str(env, 'FFPROBE_PATH'),
    searchPath: env.PATH ?? '',
    yamnetModel: str(env, 'YAMNET_MODEL'),
  });
}

export function loadConfig(env: Env = process.env): Readonly<Config> {
  const logLevel = (str(env, 'LOG_LEVEL') ?? 'info') as LogLevel;
  if (!LEVELS.includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LEVELS.join(', ')}; it is "${logLevel}".`);
  }
  const mongodbUri = str(env, 'MONGODB_URI');
  if (mongodbUri && !/^mongodb(\+srv)?:\/\//.test(mongodbUri)) {
    throw new ConfigError(`MONGODB_URI must start with mongodb:// or mongodb+srv://; it is "${mongodbUri}".`);
  }
  const adminEmail = str(env, 'ADMIN_EMAIL');
  const adminPassword = str(env, 'ADMIN_PASSWORD');
  if (adminEmail && !/^[^\s@]+@[^\s@]+$/.test(adminEmail)) {
    throw new ConfigError(`ADMIN_EMAIL must be an e-mail address; it is "${adminEmail}".`);
  }
  if (adminPassword !== null && adminPassword.length < 8) {
    throw new ConfigError('ADMIN_PASSWORD must be at least 8 characters long.');
  }
  if ((adminEmail === null) !== (adminPassword === null)) {
    throw new ConfigError('ADMIN_EMAIL and ADMIN_PASSWORD must be set together (or neither).');
  }
  const mail = mailSettings(env);
  return Object.freeze({
    ...loadMediaConfig(env),
    ...mail,
    port: int(env, 'PORT', 3000, 0, 65535),
    host: str(env, 'HOST') ?? '0.0.0.0',
    mongodbUri,
    mongodbDb: str(env, 'MONGODB_DB') ?? 'notula',
    adminEmail,
    adminPassword,
    maxUploadBytes: int(env, 'MAX_UPLOAD_BYTES', 4 * 1024 ** 3, 1, Number.MAX_SAFE_INTEGER),
    maxJsonBytes: int(env, 'MAX_JSON_BYTES', 1024 * 1024, 1024, 64 * 1024 * 1024),
    logLevel,
    leaseSeconds: int(env, 'LEASE_SECONDS', 1800, 1, 7 * 24 * 3600),
    returnHoldHours: int(env, 'RETURN_HOLD_HOURS', 24, 0, 24 * 30),
    sessionTtlHours: int(env, 'SESSION_TTL_HOURS', 168, 1, 24 * 365),
    workerConcurrency: int(env, 'WORKER_CONCURRENCY', 2, 1, 64),
    workersInProcess: bool(env, 'WORKERS_IN_PROCESS', true),
    jobLeaseSeconds: int(env, 'JOB_LEASE_SECONDS', 60, 1, 3600),
    loginMaxAttempts: int(env, 'LOGIN_MAX_ATTEMPTS', 10, 1, 10000),
    loginMaxAttemptsPerAddress: int(env, 'LOGIN_MAX_ATTEMPTS_PER_ADDRESS', 50, 1, 100000),
    cookieSecure: bool(env, 'COOKIE_SECURE', false),
    trustProxy: bool(env, 'TRUST_PROXY', false),
    segmentSeconds: int(env, 'SEGMENT_SECONDS', DEFAULT_TARGET_SEC, 10, 3600),
    webhookAllowPrivate: bool(env, 'WEBHOOK_ALLOW_PRIVATE', false),
    requestTimeoutSeconds: int(env, 'REQUEST_TIMEOUT_SECONDS', 60, 1, 3600),
    uploadIdleSeconds: int(env, 'UPLOAD_IDLE_SECONDS', 60, 1, 3600),
    maxConnections: int(env, 'MAX_CONNECTIONS', 1000, 1, 1_000_000),
    maxRecordingSeconds: int(env, 'MAX_RECORDING_SECONDS', 6 * 3600, 1, 7 * 24 * 3600),
    maxSegmentsPerRecording: int(env, 'MAX_SEGMENTS_PER_RECORDING', 500, 1, 100_000),
    maxStreamsPerUser: int(env, 'MAX_STREAMS_PER_USER', 10, 1, 1000),
    allowedOrigins: Object.freeze(origins(env, 'ALLOWED_ORIGINS')),
    serveSourceMaps: env.NODE_ENV === 'development',
    asrUrl: asrUrl(env),
    asrModel: str(env, 'ASR_MODEL') ?? 'whisper-1',
    asrApiKey: str(env, 'ASR_API_KEY'),
    asrConcurrency: int(env, 'ASR_CONCURRENCY', 2, 1, 256),
    asrTimeoutSeconds: int(env, 'ASR_TIMEOUT_SECONDS', 300, 1, 3600),
    checkResponses: bool(env, 'CHECK_RESPONSES', false),
  });
}

/** SMTP_URL, MAIL_FROM and PUBLIC_URL: all three or none (mail off), each checked for its shape. */
function mailSettings(env: Env): Pick<Config, 'smtpUrl' | 'mailFrom' | 'publicUrl'> {
  const smtpUrl = str(env, 'SMTP_URL');
  const mailFrom = str(env, 'MAIL_FROM');
  const rawPublic = str(env, 'PUBLIC_URL');
  if (smtpUrl !== null) {
    let ok = false;
    try {
      const u = new URL(smtpUrl);
      ok = /^smtps?:$/.test(u.protocol) && u.hostname !== '';
    } catch {
      ok = false;
    }
    if (!ok)
      throw new ConfigError(
        'SMTP_URL must look like smtp://user:pass@host:587 or smtps://user:pass@host:465.',
      );
    if (mailFrom === null)
      throw new ConfigError('MAIL_FROM must be set with SMTP_URL: the sender of every e-mail.');
    if (rawPublic === null)
      throw new ConfigError('PUBLIC_URL must be set with SMTP_URL: links in e-mails start with it.');
  }
  if (mailFrom !== null && !/^[^\s@<>]+@[^\s@<>]+$|^[^<>]*<[^\s@<>]+@[^\s@<>]+>$/.test(mailFrom)) {
    throw new ConfigError(
      `MAIL_FROM must be an e-mail address, optionally with a name (Notula <n@example.com>); it is "${mailFrom}".`,
    );
  }
  let publicUrl: string | null = null;
  if (rawPublic !== null) {
    let u: URL | null = null;
    try {
      u = new URL(rawPublic);
    } catch {
      u = null;
    }
    if (!u || !/^https?:$/.test(u.protocol) || u.search || u.hash || u.username || u.password) {
      throw new ConfigError(
        `PUBLIC_URL must be an http(s) address such as https://notula.example.com; it is "${rawPublic}".`,
      );
    }
    publicUrl = (u.origin + u.pathname).replace(/\/+$/, '');
  }
  return { smtpUrl, mailFrom, publicUrl };
}
