/** Opening a segment: server copy, peaks and the local draft in parallel, then the draft decision. */
import { ApiError, messageOf, segments as api } from '../../api.ts';
import { decideDraft } from '../../lib/draft-logic.ts';
import { draftStore } from '../../lib/draft-store.ts';
import { HeardTracker } from '../../lib/heard.ts';
import { peaksDuration, toFloatPeaks } from '../../lib/peaks.ts';
import type { NtSegmentEditor } from './nt-segment-editor.ts';
import { SaveSession } from './save-session.ts';
import { FocusClock } from '../../lib/focus-clock.ts';
import { HeardReporter } from './heard-reporter.ts';
import { msg, str } from '../../i18n/i18n.ts';

export async function loadSegment(ed: NtSegmentEditor, id: string): Promise<void> {
  ed.closeSession();
  Object.assign(ed, { segment: null, peaks: null, conflict: null, note: '', error: '', turns: [] });
  const [segR, peaksR, localR] = await Promise.allSettled([api.get(id), api.peaks(id), draftStore.get(id)]);
  if (id !== ed.segmentId) return;
  if (segR.status === 'rejected') {
    const e = segR.reason;
    ed.error =
      e instanceof ApiError && e.code === 'recording_deleted'
        ? messageOf(e) // the server says why: the client deleted the recording, or retention did
        : e instanceof ApiError && e.status === 404
          ? msg(
              'This segment is not yours to open: your hold on it may have expired, or it was handed to someone else.',
            )
          : msg(str`Could not open this segment: ${messageOf(e)}`);
    return;
  }
  const seg = segR.value;
  const local = localR.status === 'fulfilled' ? localR.value : null;
  const own: [number, number] = [seg.start - seg.contextStart, seg.end - seg.contextStart];
  // What this browser kept, plus what the server combined from every session and transcriber.
  const fromServer = (seg.heard ?? []).map(([s, e]): [number, number] => [
    s - seg.contextStart,
    e - seg.contextStart,
  ]);
  ed.tracker = new HeardTracker(
    own[0],
    own[1],
    ed.mode === 'transcribe' ? [...(local?.heard ?? []), ...fromServer] : [],
  );
  ed.history.clear();
  ed.heardReporter =
    ed.mode === 'transcribe' ? new HeardReporter(seg.id, seg.contextStart, ed.tracker) : null;
  const getRatio = (): number => ed.heardRatio;
  const getIntervals = (): [number, number][] => ed.tracker?.toJSON() ?? [];
  const heard =
    ed.mode === 'transcribe'
      ? {
          get ratio(): number {
            return getRatio();
          },
          toJSON: getIntervals,
          get editingSeconds(): number {
            return ed.focusClock?.seconds ?? 0;
          },
        }
      : null;
  const session = new SaveSession(id, seg.version, seg.turns, heard, {
    onStatus: (status, message) => {
      ed.saveStatus = status;
      ed.saveMessage = message ?? '';
    },
    onLease: (at) => (ed.leaseExpiresAt = at),
    onConflict: (mine, theirs, version) => (ed.conflict = { mine, theirs, version }),
  });
  ed.session = session;
  if (ed.mode === 'transcribe') ed.focusClock = new FocusClock(seg.editingSeconds ?? 0);
  ed.segment = seg;
  ed.leaseExpiresAt = seg.leaseExpiresAt ?? '';
  ed.turns = seg.turns;
  ed.heardPct = Math.round(ed.heardRatio * 100);
  const decision = decideDraft(local, seg.turns, seg.version);
  if (decision.kind === 'restore') {
    ed.turns = decision.turns;
    session.edit(decision.turns);
    ed.note = msg('Restored your unsaved changes from this browser; they are being saved now.');
  } else if (decision.kind === 'conflict') {
    session.blockForConflict();
    ed.conflict = { mine: decision.mine, theirs: decision.theirs, version: decision.serverVersion };
  }
  if (peaksR.status === 'fulfilled') {
    ed.duration = peaksDuration(peaksR.value) || seg.contextEnd - seg.contextStart;
    ed.peaks = toFloatPeaks(peaksR.value.peaks);
  } else {
    ed.error = msg(str`The waveform could not be loaded: ${messageOf(peaksR.reason)}`);
  }
  // The turn list exists only once the editor has rendered the segment: focus after that.
  if (ed.mode === 'transcribe') void ed.updateComplete.then(() => ed.turnList?.focusTurn(0));
}
