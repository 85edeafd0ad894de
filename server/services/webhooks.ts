/**
 * Webhooks: on `completed` and `failed`, POST `{event, recording}` to the organisation's URL,
 * signed with HMAC-SHA256, delivered (and retried with back-off) by the `webhook` job. Where a
 * webhook may go is decided in webhook-target.ts.
 */
import { collectionOf } from './collections.ts';
import { createHmac } from 'node:crypto';
import type { Collection, Store } from '../store/types.ts';
import type { DeliveryDoc, OrgDoc, RecordingDoc, WebhookEvent } from '../domain.ts';
import { newId } from '../ids.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { PermanentJobError } from '../jobs/worker.ts';
import type { Logger } from '../log.ts';
import { recordingJson } from '../views.ts';
import {
  GENERIC_DELIVERY_ERROR,
  TargetRefusedError,
  postToTarget,
  redactUrl,
  type WebhookTargets,
} from './webhook-target.ts';

export const SIGNATURE_HEADER = 'Notula-Signature';

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`: the timestamp inside the MAC stops replays. */
export function sign(secret: string, body: string, timestampSec: number): string {
  const mac = createHmac('sha256', secret).update(`${timestampSec}.${body}`).digest('hex');
  return `t=${timestampSec},v1=${mac}`;
}

export class WebhookService {
  private readonly deliveries: Collection<DeliveryDoc>;
  private readonly orgs: Collection<OrgDoc>;

  constructor(
    store: Store,
    private readonly queue: JobQueue,
    private readonly targets: WebhookTargets,
    private readonly opts: { timeoutMs: number } = { timeoutMs: 10_000 },
  ) {
    this.deliveries = collectionOf(store, 'webhooks');
    this.orgs = collectionOf(store, 'orgs');
  }

  /**
   * Queues a delivery when the organisation has a webhook. `onceKey` makes it idempotent: a job
   * retried after a crash queues the same delivery at most once.
   */
  async notify(event: WebhookEvent, rec: RecordingDoc, onceKey?: string): Promise<void> {
    const org = await this.orgs.findOne({ _id: rec.orgId });
    if (!org?.webhookUrl) return;
    const id = onceKey ?? newId();
    const body = JSON.stringify({ event, recording: recordingJson(rec) });
    await this.deliveries.updateOne(
      { _id: id },
      {
        $setOnInsert: {
          orgId: org._id,
          event,
          recordingId: rec._id,
          url: org.webhookUrl,
          body,
          status: 'pending',
          attempts: 0,
          lastError: null,
          responseStatus: null,
          createdAt: Date.now(),
          deliveredAt: null,
        },
      },
      { upsert: true },
    );
    await this.queue.enqueue('webhook', { deliveryId: id }, { maxAttempts: 8, dedupeKey: `webhook:${id}` });
  }

  /**
   * One delivery attempt; throws (so the job retries) unless the receiver answered 2xx, and fails
   * the job for good when the target is refused. The delivery list shows the receiver's status or
   * the generic error, never a network error: the list must not tell an admin what answers where.
   */
  async deliver(deliveryId: string, signal: AbortSignal, log: Logger): Promise<void> {
    const d = await this.deliveries.findOne({ _id: deliveryId });
    if (!d || d.status === 'delivered') return;
    const org = await this.orgs.findOne({ _id: d.orgId });
    const ts = Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'Notula-Webhook/1',
    };
    if (org?.webhookSecret) headers[SIGNATURE_HEADER] = sign(org.webhookSecret, d.body, ts);
    let status: number | null = null;
    let error: string | null = null;
    let cause: string | null = null;
    let refused = false;
    try {
      const target = await this.targets.check(d.url);
      status = await postToTarget(
        target,
        headers,
        d.body,
        AbortSignal.any([signal, AbortSignal.timeout(this.opts.timeoutMs)]),
      );
      if (status < 200 || status >= 300) error = `the receiver answered HTTP ${status}`;
    } catch (e) {
      refused = e instanceof TargetRefusedError;
      error = GENERIC_DELIVERY_ERROR;
      cause = e instanceof Error ? e.message : String(e);
    }
    // The cause is for the operator's log only; the URL there is redacted like everywhere else.
    if (error) {
      log.warn(
        { delivery: d._id, url: redactUrl(d.url), responseStatus: status, cause: cause ?? error },
        refused ? 'webhook target refused' : 'webhook delivery failed',
      );
    }
    await this.deliveries.updateOne(
      { _id: d._id },
      {
        $set: {
          responseStatus: status,
          lastError: error,
          ...(error ? {} : { status: 'delivered', deliveredAt: Date.now() }),
        },
        $inc: { attempts: 1 },
      },
    );
    if (!error) return;
    const message = `Webhook delivery ${d._id} failed: ${error}`;
    throw refused ? new PermanentJobError(message) : new Error(message);
  }

  /** The job gave up: the delivery keeps the error of its last attempt. */
  async markFailed(deliveryId: string): Promise<void> {
    await this.deliveries.updateOne({ _id: deliveryId }, { $set: { status: 'failed' } });
    await this.deliveries.updateOne(
      { _id: deliveryId, lastError: null },
      { $set: { lastError: GENERIC_DELIVERY_ERROR } },
    );
  }

  async list(orgId?: string) {
    const docs = await this.deliveries.find(orgId ? { orgId } : {}, { sort: { createdAt: -1 }, limit: 200 });
    return docs.map((d) => ({
      id: d._id,
      orgId: d.orgId,
      event: d.event,
      recordingId: d.recordingId,
      url: redactUrl(d.url),
      status: d.status,
      attempts: d.attempts,
      lastError: d.lastError,
      responseStatus: d.responseStatus,
      createdAt: new Date(d.createdAt).toISOString(),
      deliveredAt: d.deliveredAt ? new Date(d.deliveredAt).toISOString() : null,
    }));
  }
}
