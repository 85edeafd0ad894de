/**
 * After the server has stopped: reopen its data directory and check that every acknowledged write
 * is there, and that no segment was ever leased to two transcribers at once.
 */
import { openStore } from '../../server/store/index.ts';
import type { AuditDoc, SegmentDoc } from '../../server/domain.ts';
import type { Holding, SegmentAcks } from './load.ts';

export interface Verdict {
  /** Acknowledged saves (and submits) that the store does not reflect. */
  lostSaves: number;
  /** Segments that two transcribers held at the same time (seen by the clients or in the audit log). */
  doubleLeases: number;
  /** Human-readable findings, at most a few of each kind. */
  notes: string[];
  segmentsInStore: number;
  submittedInStore: number;
  auditClaims: number;
  /** Documents in the audit collection. */
  auditTotal: number;
}

const CLAIM_ENDERS = new Set(['segment.submit', 'segment.release']);

export async function verify(
  dataDir: string,
  acks: Map<string, SegmentAcks>,
  holdings: Holding[],
  leaseSeconds: number,
): Promise<Verdict> {
  const store = await openStore({ mongodbUri: null, mongodbDb: 'notula', dataDir });
  try {
    const segs = await store.collection<SegmentDoc>('segments').find({});
    const audit = await store
      .collection<AuditDoc>('audit')
      .find({ action: { $in: ['segment.claim', 'segment.submit', 'segment.release'] } }, { sort: { at: 1 } });
    const auditTotal = await store.collection<AuditDoc>('audit').countDocuments({});
    const byId = new Map(segs.map((s) => [s._id, s]));
    const notes: string[] = [];
    const note = (kind: string, line: string) => {
      if (notes.filter((n) => n.startsWith(kind)).length < 5) notes.push(`${kind}: ${line}`);
    };

    let lostSaves = 0;
    for (const [id, a] of acks) {
      const doc = byId.get(id);
      if (!a.last) continue;
      if (!doc) {
        lostSaves += a.saveVersions.length + (a.last.kind === 'submit' ? 1 : 0);
        note('lost', `segment ${id} is missing from the store`);
        continue;
      }
      // Every acknowledged version above the stored one was lost.
      const missing =
        a.saveVersions.filter((v) => v > doc.version).length +
        (a.last.kind === 'submit' && a.last.version > doc.version ? 1 : 0);
      lostSaves += missing;
      if (missing)
        note(
          'lost',
          `segment ${id}: store has version ${doc.version}, ${missing} acknowledged write(s) above it`,
        );
      else if (doc.version === a.last.version) {
        const text = doc.turns[0]?.text ?? '';
        if (text !== a.last.text) {
          lostSaves++;
          note(
            'lost',
            `segment ${id} v${doc.version}: stored text differs from the acknowledged ${a.last.kind}`,
          );
        }
        if (
          a.last.kind === 'submit' &&
          (doc.status !== 'submitted' ||
            !doc.history.some((h) => h.kind === 'submitted' && h.version === doc.version))
        ) {
          lostSaves++;
          note('lost', `segment ${id}: acknowledged submit, but the store has status ${doc.status}`);
        }
      }
      // A stored version above the last acknowledged one comes from a write whose reply was lost
      // (a network error, counted under errors): not a lost save.
    }

    const doubled = new Set<string>();
    // 1. What the clients saw: two transcribers each certainly holding a segment at one moment.
    const bySeg = new Map<string, Holding[]>();
    for (const h of holdings) {
      const list = bySeg.get(h.segmentId) ?? [];
      list.push(h);
      bySeg.set(h.segmentId, list);
    }
    for (const [id, list] of bySeg) {
      for (let i = 0; i < list.length; i++) {
        for (let j = i + 1; j < list.length; j++) {
          const x = list[i]!;
          const y = list[j]!;
          if (x.userId === y.userId) continue;
          const overlap =
            Math.max(x.claimedAt, y.claimedAt) < Math.min(x.releasedAt ?? Infinity, y.releasedAt ?? Infinity);
          if (overlap && !doubled.has(id)) {
            doubled.add(id);
            note('double lease', `segment ${id} held by ${x.userId} and ${y.userId} at once (client view)`);
          }
        }
      }
      // Whoever still held it at the end must be its holder in the store.
      const last = list[list.length - 1]!;
      const doc = byId.get(id);
      if (last.releasedAt === null && doc && doc.holderId !== last.userId && !doubled.has(id)) {
        doubled.add(id);
        note(
          'double lease',
          `segment ${id}: the client held it at the end, the store says holder ${doc.holderId}`,
        );
      }
    }

    // 2. What the server recorded: a claim by another transcriber needs a submit, release or expiry in between.
    const events = new Map<string, AuditDoc[]>();
    let auditClaims = 0;
    for (const e of audit) {
      if (!e.target) continue;
      if (e.action === 'segment.claim') auditClaims++;
      const list = events.get(e.target) ?? [];
      list.push(e);
      events.set(e.target, list);
    }
    // Audit entries are written just after their update, so two requests can log in the other order.
    const SLACK_MS = 1000;
    for (const [id, list] of events) {
      const claimsOf = list.filter((e) => e.action === 'segment.claim');
      for (let i = 1; i < claimsOf.length; i++) {
        const prev = claimsOf[i - 1]!;
        const next = claimsOf[i]!;
        if (prev.actorId === next.actorId) continue;
        const ended = list.some(
          (e) =>
            CLAIM_ENDERS.has(e.action) &&
            e.actorId === prev.actorId &&
            e.at >= prev.at &&
            e.at <= next.at + SLACK_MS,
        );
        const lastTouch = Math.max(
          ...list
            .filter((e) => e.actorId === prev.actorId && e.at >= prev.at && e.at <= next.at)
            .map((e) => e.at),
        );
        const expired = lastTouch + leaseSeconds * 1000 < next.at;
        if (!ended && !expired && !doubled.has(id)) {
          doubled.add(id);
          note(
            'double lease',
            `segment ${id} claimed by ${next.actorId} while ${prev.actorId} held it (audit log)`,
          );
        }
      }
    }

    return {
      lostSaves,
      doubleLeases: doubled.size,
      notes,
      segmentsInStore: segs.length,
      submittedInStore: segs.filter((s) => s.status === 'submitted').length,
      auditClaims,
      auditTotal,
    };
  } finally {
    await store.close();
  }
}
