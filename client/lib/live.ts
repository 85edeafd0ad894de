/**
 * Live recording updates from `GET /api/recordings/:id/events`. Browsers allow only six HTTP/1.1
 * connections per host, so at most MAX_STREAMS streams are open; the rest are polled.
 */
import { recordings as api } from '../api.ts';
import type { Recording } from '../types.ts';

const MAX_STREAMS = 3;
const POLL_MS = 5000;
const FINAL = new Set(['completed', 'failed']);

export function isFinal(r: Pick<Recording, 'status'>): boolean {
  return FINAL.has(r.status);
}

export class RecordingWatcher {
  private streams = new Map<string, EventSource>();
  private pollTimer: ReturnType<typeof setInterval> | null = null;
  private polled: string[] = [];

  constructor(private readonly onUpdate: (r: Recording) => void) {}

  /** Follows every unfinished recording in `list` (newest first get a stream). */
  watch(list: Recording[]): void {
    const active = list.filter((r) => !isFinal(r)).map((r) => r.id);
    const streamed = active.slice(0, MAX_STREAMS);
    for (const [id, es] of this.streams) {
      if (!streamed.includes(id)) {
        es.close();
        this.streams.delete(id);
      }
    }
    for (const id of streamed) if (!this.streams.has(id)) this.open(id);
    this.polled = active.slice(MAX_STREAMS);
    if (this.polled.length && !this.pollTimer) this.pollTimer = setInterval(() => void this.poll(), POLL_MS);
    if (!this.polled.length && this.pollTimer) {
      clearInterval(this.pollTimer);
      this.pollTimer = null;
    }
  }

  private open(id: string): void {
    const es = new EventSource(api.eventsUrl(id), { withCredentials: true });
    es.addEventListener('recording', (ev) => {
      let rec: Recording;
      try {
        rec = JSON.parse((ev as MessageEvent<string>).data) as Recording;
      } catch {
        return;
      }
      this.onUpdate(rec);
      if (isFinal(rec)) {
        es.close();
        this.streams.delete(id);
      }
    });
    this.streams.set(id, es);
  }

  private async poll(): Promise<void> {
    for (const id of this.polled) {
      try {
        this.onUpdate(await api.get(id));
      } catch {
        // a deleted recording or a blip: the next poll or a reload tells
      }
    }
  }

  stop(): void {
    for (const es of this.streams.values()) es.close();
    this.streams.clear();
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = null;
  }
}
