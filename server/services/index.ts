/** Builds every service over one store: the composition root shared by the server, the worker and tests. */
import path from 'node:path';
import type { Config } from '../config.ts';
import type { MediaTools } from '../../media/index.ts';
import type { Store } from '../store/types.ts';
import { collectionOf } from './collections.ts';
import { JobQueue } from '../jobs/queue.ts';
import { Lease, systemClock, type Clock } from './lease.ts';
import { AuditService } from './audit.ts';
import { AuthService } from './auth.ts';
import { AccountService } from './accounts.ts';
import { ChangeBus } from './events.ts';
import { RecordingService } from './recordings.ts';
import { CLAIM_SORT, WorkService } from './work.ts';
import { HeardService } from './heard.ts';
import { ReviewService } from './review.ts';
import { UploadService } from './uploads.ts';
import { MergeService } from './merge.ts';
import { WebhookService } from './webhooks.ts';
import { WebhookTargets } from './webhook-target.ts';
import { StatsService } from './stats.ts';
import { IngestService } from './ingest.ts';
import { RetentionService } from './retention.ts';
import { LiveStreams } from './streams.ts';
import { SearchService } from './search.ts';
import { BacklogService } from './backlog.ts';
import { EarningsService } from './earnings.ts';
import { Mailer, smtpTransport, type MailTransport } from './mail.ts';
import { PasswordLinks } from './password-links.ts';
import { InviteService } from './invites.ts';
import { NoticeService } from './notices.ts';
import { SegmentTombstones } from './tombstones.ts';
import { createLogger, type Logger } from '../log.ts';
import { DraftService } from './drafts.ts';
import { AsrService } from './asr.ts';

/** Callbacks run when the process shuts down (open SSE streams close so the server can stop). */
export class ShutdownHooks {
  private readonly fns = new Set<() => void>();
  onClose(fn: () => void): () => void {
    this.fns.add(fn);
    return () => this.fns.delete(fn);
  }
  run(): void {
    for (const fn of this.fns) fn();
    this.fns.clear();
  }
}

/** The media pipeline as start-up resolved it from configuration. */
export interface MediaSetup {
  /** The ffmpeg and ffprobe every upload check and ingest runs. */
  tools: MediaTools;
  /** YAMNet model that loaded, or null when the classifier is off. */
  modelPath: string | null;
}

/** What the process supplies besides its configuration; tests pass a clock they can move. */
export interface ServiceDeps {
  /** Milliseconds since the epoch; Date.now unless a test moves time. */
  now?: Clock;
  /** Where services log what fails out of sight (background e-mail); silent unless given. */
  log?: Logger;
  /** The mail wire; SMTP at SMTP_URL unless given, none when SMTP_URL is unset. */
  mailTransport?: MailTransport;
}

export function createServices(
  config: Readonly<Config>,
  store: Store,
  media: MediaSetup,
  deps: ServiceDeps = {},
) {
  const clock = deps.now ?? systemClock;
  const queue = new JobQueue(store, { leaseMs: config.jobLeaseSeconds * 1000, clock });
  const bus = new ChangeBus();
  const audit = new AuditService(store);
  const auth = new AuthService(store, audit, {
    sessionTtlHours: config.sessionTtlHours,
    loginMaxAttempts: config.loginMaxAttempts,
    loginMaxAttemptsPerAddress: config.loginMaxAttemptsPerAddress,
    now: clock,
  });
  const log = deps.log ?? createLogger('silent');
  const transport = deps.mailTransport ?? (config.smtpUrl ? smtpTransport(config.smtpUrl) : null);
  const mailer = new Mailer(transport, config.mailFrom ?? '', log);
  const webhookTargets = new WebhookTargets({ allowPrivate: config.webhookAllowPrivate });
  const links = new PasswordLinks(store, clock);
  const accounts = new AccountService(store, audit, auth, webhookTargets, links, {
    segmentSeconds: config.segmentSeconds,
  });
  const notices = new NoticeService(store, queue, accounts, mailer, config.publicUrl);
  const search = new SearchService(store);
  const tombstones = new SegmentTombstones(store, clock);
  const recordings = new RecordingService(store, audit, bus, queue, search, tombstones, clock);
  const webhooks = new WebhookService(store, queue, webhookTargets);
  const lease = new Lease(config.leaseSeconds * 1000, clock);
  const drafts = new DraftService(store, recordings, audit, clock);
  const stats = new StatsService(store, queue, drafts);
  const backlog = new BacklogService(store, webhooks, clock);
  const earnings = new EarningsService(store, audit, clock);
  const work = new WorkService(
    store,
    audit,
    recordings,
    notices,
    tombstones,
    lease,
    new Lease(config.returnHoldHours * 3600 * 1000, clock),
    stats,
    { backlog, earnings },
  );
  const asr = new AsrService(
    store,
    drafts,
    queue,
    {
      url: config.asrUrl,
      model: config.asrModel,
      apiKey: config.asrApiKey,
      timeoutMs: config.asrTimeoutSeconds * 1000,
    },
    clock,
  );
  return {
    store,
    blobs: store.blobs,
    queue,
    bus,
    audit,
    auth,
    accounts,
    links,
    tombstones,
    mailer,
    notices,
    invites: new InviteService(accounts, links, auth, audit, mailer, log, {
      publicUrl: config.publicUrl,
      clock,
    }),
    recordings,
    work,
    heard: new HeardService(store, work, lease),
    webhooks,
    search,
    backlog,
    earnings,
    drafts,
    asr,
    review: new ReviewService(store),
    uploads: new UploadService(store, recordings, media.tools, path.join(config.dataDir, 'uploads', 'tus'), {
      maxRecordingSeconds: config.maxRecordingSeconds,
    }),
    merge: new MergeService(store, recordings, webhooks, audit, search, notices),
    stats,
    ingest: new IngestService(store, recordings, audit, {
      dataDir: config.dataDir,
      tools: media.tools,
      modelPath: media.modelPath,
      defaultSegmentSeconds: config.segmentSeconds,
      maxSegments: config.maxSegmentsPerRecording,
      maxDurationSec: config.maxRecordingSeconds,
    }),
    retention: new RetentionService(store, recordings, audit),
    streams: new LiveStreams(config.maxStreamsPerUser),
    shutdown: new ShutdownHooks(),
  };
}

export type Services = ReturnType<typeof createServices>;

/** Indexes every engine must have; created at start-up (idempotent). */
export async function ensureIndexes(store: Store): Promise<void> {
  await collectionOf(store, 'users').createIndex({ email: 1 }, { unique: true });
  await collectionOf(store, 'orgs').createIndex({ name: 1 }, { unique: true });
  await collectionOf(store, 'sessions').createIndex({ userId: 1 });
  await collectionOf(store, 'tokens').createIndex({ hash: 1 }, { unique: true });
  await collectionOf(store, 'tokens').createIndex({ userId: 1 });
  await collectionOf(store, 'password_links').createIndex({ hash: 1 }, { unique: true });
  await collectionOf(store, 'password_links').createIndex({ userId: 1 });
  await collectionOf(store, 'segment_tombstones').createIndex({ at: 1 });
  await collectionOf(store, 'recordings').createIndex({ orgId: 1, createdAt: -1 });
  await collectionOf(store, 'recordings').createIndex({ status: 1 });
  // Admins' and reviewers' lists, newest first across organisations.
  await collectionOf(store, 'recordings').createIndex({ createdAt: -1 });
  await collectionOf(store, 'segments').createIndex({ recordingId: 1, index: 1 }, { unique: true });
  // Claims: open segments in queue order, and held ones whose lease ran out (WorkService.claim).
  await collectionOf(store, 'segments').createIndex({ status: 1, ...CLAIM_SORT });
  await collectionOf(store, 'segments').createIndex({ holderId: 1 });
  // Returned segments waiting for their transcriber (WorkService.returnedToMe and claim).
  await collectionOf(store, 'segments').createIndex({ returnedTo: 1 });
  await collectionOf(store, 'drafts').createIndex({ recordingId: 1 });
  await collectionOf(store, 'jobs').createIndex({ dedupeKey: 1 }, { unique: true });
  await collectionOf(store, 'jobs').createIndex({ status: 1, runAt: 1 });
  await collectionOf(store, 'audit').createIndex({ at: -1 });
  // The audit log filtered by who, what or whose, newest first (AuditService.list).
  await collectionOf(store, 'audit').createIndex({ actorId: 1, at: -1 });
  await collectionOf(store, 'audit').createIndex({ action: 1, at: -1 });
  await collectionOf(store, 'audit').createIndex({ orgId: 1, at: -1 });
  await collectionOf(store, 'webhooks').createIndex({ orgId: 1, createdAt: -1 });
  // The last 24 hourly totals of approved audio (backlog.ts).
  await collectionOf(store, 'throughput').createIndex({ hour: 1 });
  // Earnings by transcriber and month, and everyone's month for payroll (earnings.ts).
  await collectionOf(store, 'earnings').createIndex({ userId: 1, approvedAt: 1 });
  await collectionOf(store, 'earnings').createIndex({ approvedAt: 1 });
  await store.search.ensureIndexes();
  await collectionOf(store, 'webhooks').createIndex({ createdAt: -1 });
}
