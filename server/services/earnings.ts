/**
 * Transcriber earnings. The rules, in one place:
 * - a segment earns once, for the transcriber whose submission was approved (its last submitter),
 *   on its own part of the recording (`end - start`);
 * - at the rates in force when it was approved: the amount is computed then and stored, so later
 *   rate changes never touch it; returned work earns nothing until it is approved;
 * - the tier's rate per audio minute, plus the full-verbatim extra for `verbatim: full` orders.
 * Reads go through the `{userId, approvedAt}` and `{approvedAt}` indexes: never the archive.
 */
import { collectionOf } from './collections.ts';
import type { Collection, Store } from '../store/types.ts';
import { DuplicateKeyError } from '../store/types.ts';
import type { EarningDoc, RatesDoc, RecordingDoc, SegmentDoc, UserDoc } from '../domain.ts';
import { NotFoundError } from '../errors.ts';
import type { AuditService } from './audit.ts';
import type { Principal } from './auth.ts';
import { werCounts } from './wer.ts';
import { systemClock, type Clock } from './lease.ts';

export interface Rates {
  currency: string;
  perAudioMinute: Record<string, number>;
  fullVerbatimExtra: number;
}

export const DEFAULT_RATES: Rates = Object.freeze({
  currency: 'USD',
  perAudioMinute: {},
  fullVerbatimExtra: 0,
});

export interface EarningLine {
  segmentId: string;
  approvedAt: string;
  audioSec: number;
  turnaround: string;
  verbatim: 'clean' | 'full';
  amount: number;
  userId: string;
}

export interface Earnings {
  currency: string;
  total: number;
  lines: EarningLine[];
  /** The month's approved audio, in minutes. */
  audioMinutes: number;
  /** Pooled word error rate of the approved submissions against the reviewer's text; null before any. */
  wer: number | null;
}

const cents = (n: number): number => Math.round(n * 100) / 100;
const joinTurns = (turns: { text: string }[]): string => turns.map((t) => t.text).join(' ');

/** [start, end) of a `YYYY-MM` month in UTC. */
export function monthRange(month: string): [number, number] {
  const [y, m] = month.split('-').map(Number);
  return [Date.UTC(y, m - 1, 1), Date.UTC(y, m, 1)];
}

export function monthOf(t: number): string {
  return new Date(t).toISOString().slice(0, 7);
}

export class EarningsService {
  private readonly rates: Collection<RatesDoc>;
  private readonly earnings: Collection<EarningDoc>;
  private readonly users: Collection<UserDoc>;

  constructor(
    store: Store,
    private readonly audit: AuditService,
    private readonly clock: Clock = systemClock,
  ) {
    this.rates = collectionOf(store, 'rates');
    this.earnings = collectionOf(store, 'earnings');
    this.users = collectionOf(store, 'users');
  }

  /** This month (UTC) on the services' clock: the default of every earnings view. */
  thisMonth(): string {
    return monthOf(this.clock());
  }

  async current(): Promise<Rates> {
    const doc = await this.rates.findOne({ _id: 'current' });
    if (!doc) return DEFAULT_RATES;
    return {
      currency: doc.currency,
      perAudioMinute: doc.perAudioMinute,
      fullVerbatimExtra: doc.fullVerbatimExtra,
    };
  }

  async setRates(p: Principal, rates: Rates): Promise<Rates> {
    const now = this.clock();
    await this.rates.updateOne(
      { _id: 'current' },
      { $set: { ...rates, updatedAt: now, updatedBy: p.id } },
      { upsert: true },
    );
    await this.audit.record(p, 'rates.update', 'current', { ...rates });
    return rates;
  }

  /** The amount a segment of this order earns at `rates`. */
  static amount(rates: Rates, audioSec: number, turnaround: string, verbatim: 'clean' | 'full'): number {
    const perMinute =
      (rates.perAudioMinute[turnaround] ?? 0) + (verbatim === 'full' ? rates.fullVerbatimExtra : 0);
    return cents((audioSec / 60) * perMinute);
  }

  /**
   * Called when a reviewer approves: credits the transcriber whose submission was approved. A
   * segment closed as [no speech] without a transcriber earns nothing; a second approval (after a
   * reopen) earns nothing more.
   */
  async recordApproval(seg: SegmentDoc, rec: RecordingDoc | null, approvedAt: number): Promise<void> {
    const submitted = seg.history.filter((h) => h.kind === 'submitted').at(-1);
    const userId = submitted?.by ?? seg.transcriberId;
    if (!userId || !submitted) return;
    const rates = await this.current();
    const audioSec = Math.round((seg.end - seg.start) * 1000) / 1000;
    const turnaround = rec?.turnaround ?? 'standard';
    const verbatim = rec?.verbatim ?? 'clean';
    const wer = werCounts(joinTurns(submitted.turns), joinTurns(seg.turns));
    try {
      await this.earnings.insertOne({
        _id: seg._id,
        userId,
        orgId: seg.orgId,
        recordingId: seg.recordingId,
        approvedAt,
        audioSec,
        turnaround,
        verbatim,
        currency: rates.currency,
        amount: EarningsService.amount(rates, audioSec, turnaround, verbatim),
        werErrors: wer.errors,
        werRefWords: wer.refWords,
      });
    } catch (e) {
      if (!(e instanceof DuplicateKeyError)) throw e;
    }
  }

  /**
   * A month's lines: a transcriber's own (another's `userId` is 404), an admin's for anyone, or
   * for everyone when no `userId` is given.
   */
  async list(p: Principal, month: string, userId?: string): Promise<Earnings> {
    const who = p.role === 'admin' ? userId : (userId ?? p.id);
    if (p.role !== 'admin' && who !== p.id) throw new NotFoundError('user');
    const [from, to] = monthRange(month);
    const filter: Record<string, unknown> = { approvedAt: { $gte: from, $lt: to } };
    if (who) filter.userId = who;
    const docs = await this.earnings.find(filter, { sort: { approvedAt: 1 } });
    const rates = await this.current();
    let sec = 0;
    let errors = 0;
    let ref = 0;
    for (const d of docs) {
      sec += d.audioSec;
      errors += d.werErrors;
      ref += d.werRefWords;
    }
    return {
      currency: docs[0]?.currency ?? rates.currency,
      total: cents(docs.reduce((a, d) => a + d.amount, 0)),
      lines: docs.map(lineOf),
      audioMinutes: Math.round((sec / 60) * 100) / 100,
      wer: docs.length ? Math.round((errors / Math.max(1, ref)) * 1000) / 1000 : null,
    };
  }

  /** E-mail addresses of the users named in lines, for the admin's payroll view. */
  async emails(ids: string[]): Promise<Map<string, string>> {
    const users = await this.users.find({ _id: { $in: [...new Set(ids)] } }, { projection: { email: 1 } });
    return new Map(users.map((u) => [u._id, u.email]));
  }
}

function lineOf(d: EarningDoc): EarningLine {
  return {
    segmentId: d._id,
    approvedAt: new Date(d.approvedAt).toISOString(),
    audioSec: d.audioSec,
    turnaround: d.turnaround,
    verbatim: d.verbatim,
    amount: d.amount,
    userId: d.userId,
  };
}

/** CSV for payroll: one line per segment, RFC 4180 quoting; a leading = + - @ is defused for spreadsheets. */
export function earningsCsv(e: Earnings, emails: Map<string, string>): string {
  const cell = (v: string | number): string => {
    let s = String(v);
    if (/^[=+\-@\t\r]/.test(s) && typeof v === 'string') s = `'${s}`;
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const rows: Array<Array<string | number>> = [
    [
      'userId',
      'email',
      'segmentId',
      'approvedAt',
      'audioSec',
      'turnaround',
      'verbatim',
      'amount',
      'currency',
    ],
    ...e.lines.map((l) => [
      l.userId,
      emails.get(l.userId) ?? '',
      l.segmentId,
      l.approvedAt,
      l.audioSec,
      l.turnaround,
      l.verbatim,
      l.amount.toFixed(2),
      e.currency,
    ]),
  ];
  return rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
