/**
 * Notices by e-mail that carry no secret: a client organisation's users hear when a recording is
 * completed or failed; a transcriber hears when a segment comes back to them. Each is a `notice`
 * job (queued only when mail is on), so sending never delays the request or job that caused it,
 * and a mail server that is down is retried with back-off.
 *
 * What a transcriber is told follows access.ts: the segment's place and the comment, never the
 * client's organisation, the recording's title or its file name.
 */
import type { RecordingDoc, SegmentDoc } from '../domain.ts';
import type { JobQueue } from '../jobs/queue.ts';
import type { AccountService } from './accounts.ts';
import { displayName } from './accounts.ts';
import type { Mailer } from './mail.ts';
import { collectionOf } from './collections.ts';
import type { Store, Collection } from '../store/types.ts';

export type NoticeKind = 'recording.completed' | 'recording.failed' | 'segment.returned';
const KINDS: readonly NoticeKind[] = ['recording.completed', 'recording.failed', 'segment.returned'];

export function isNoticeKind(v: unknown): v is NoticeKind {
  return typeof v === 'string' && (KINDS as readonly string[]).includes(v);
}

const clock = (sec: number): string => {
  const s = Math.max(0, Math.floor(sec));
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return h ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
};

export class NoticeService {
  private readonly recordings: Collection<RecordingDoc>;
  private readonly segments: Collection<SegmentDoc>;

  constructor(
    store: Store,
    private readonly queue: JobQueue,
    private readonly accounts: AccountService,
    private readonly mailer: Mailer,
    private readonly publicUrl: string | null,
  ) {
    this.recordings = collectionOf(store, 'recordings');
    this.segments = collectionOf(store, 'segments');
  }

  /**
   * Queues a notice about `id` (a recording or a segment). `onceKey` makes it idempotent: a job
   * retried after a crash queues the same notice at most once.
   */
  async announce(kind: NoticeKind, id: string, onceKey: string): Promise<void> {
    if (!this.mailer.enabled) return;
    await this.queue.enqueue(
      'notice',
      { kind, id },
      { maxAttempts: 6, dedupeKey: `notice:${kind}:${onceKey}` },
    );
  }

  /** The `notice` job: composes and sends; throws (so the job retries) when the mail server fails. */
  async run(kind: NoticeKind, id: string): Promise<void> {
    if (kind === 'segment.returned') return this.segmentReturned(id);
    const rec = await this.recordings.findOne({ _id: id });
    if (!rec) return; // deleted since: nobody to tell about it
    const clients = await this.accounts.clientsOf(rec.orgId);
    const link = this.publicUrl ? `${this.publicUrl}/recordings/${rec._id}` : null;
    for (const u of clients) {
      const text =
        kind === 'recording.completed'
          ? [
              `Hello ${displayName(u)},`,
              '',
              `The transcript of "${rec.title}" is ready to download.`,
              ...(link ? ['', link] : []),
            ]
          : [
              `Hello ${displayName(u)},`,
              '',
              `"${rec.title}" could not be processed: ${rec.error ?? 'the file could not be read'}.`,
              'Upload it again, or reply to your Notula contact if it keeps failing.',
              ...(link ? ['', link] : []),
            ];
      await this.mailer.send({
        to: u.email,
        subject:
          kind === 'recording.completed'
            ? `Transcript ready: ${rec.title}`
            : `Recording failed: ${rec.title}`,
        text: text.join('\n'),
      });
    }
  }

  private async segmentReturned(id: string): Promise<void> {
    const seg = await this.segments.findOne({ _id: id });
    if (!seg?.returnedTo || seg.status !== 'open') return; // claimed or moved on already
    const user = await this.accounts.getUser(seg.returnedTo).catch(() => null);
    if (!user || user.disabled) return;
    const comment = seg.comments.at(-1)?.text ?? '';
    const until = seg.returnHoldUntil ? new Date(seg.returnHoldUntil).toUTCString() : null;
    await this.mailer.send({
      to: user.email,
      subject: `A segment came back to you (segment ${seg.index + 1})`,
      text: [
        `Hello ${displayName(user)},`,
        '',
        `A reviewer returned segment ${seg.index + 1} (${clock(seg.start)}–${clock(seg.end)}) to you with this comment:`,
        '',
        ...comment.split('\n').map((l) => `> ${l}`),
        '',
        until ? `It waits for you until ${until}; after that anyone may take it.` : 'Anyone may take it now.',
        ...(this.publicUrl ? ['', `${this.publicUrl}/work`] : []),
      ].join('\n'),
    });
  }
}
