/** Ending work on a segment: submit, approve, return or release, then back to the list. */
import { ApiError, messageOf, segments as api } from '../../api.ts';
import { navigate } from '../../router.ts';
import type { Turn } from '../../types.ts';
import type { NtSegmentEditor } from './nt-segment-editor.ts';
import { msg, str } from '../../i18n/i18n.ts';

export type FinishKind = 'submit' | 'approve' | 'return';

/** Submit (transcriber), approve or return (reviewer); leaves for the work list when done. */
export async function finishSegment(ed: NtSegmentEditor, kind: FinishKind, comment = ''): Promise<void> {
  const session = ed.session;
  const seg = ed.segment;
  if (!session || !seg) return;
  ed.busy = true;
  ed.error = '';
  try {
    await session.settle();
    if (kind === 'submit') await ed.reportHeard();
    if (kind === 'submit') await api.submit(seg.id, session.body());
    else if (kind === 'approve')
      await api.approve(seg.id, { turns: session.turns, version: session.version });
    else {
      await session.saveNow();
      await api.returnToTranscriber(seg.id, { comment, version: session.version });
    }
    await session.finished();
    ed.session = null;
    const n = seg.index + 1;
    const flash = {
      submit: () => msg(str`Segment ${n} submitted.`),
      approve: () => msg(str`Segment ${n} approved.`),
      return: () => msg(str`Segment ${n} returned to the transcriber.`),
    }[kind]();
    sessionStorage.setItem('notula-flash', flash);
    navigate(ed.mode === 'review' ? '/review' : '/work');
  } catch (err) {
    onFinishError(ed, err);
  } finally {
    ed.busy = false;
  }
}

function onFinishError(ed: NtSegmentEditor, err: unknown): void {
  if (err instanceof ApiError && err.code === 'version_conflict' && ed.session) {
    const d = (err.details ?? {}) as { currentVersion?: number; currentTurns?: Turn[] };
    ed.session.blockForConflict();
    ed.conflict = { mine: ed.turns, theirs: d.currentTurns ?? [], version: d.currentVersion ?? 0 };
    return;
  }
  ed.error = messageOf(err);
}

export async function releaseSegment(ed: NtSegmentEditor): Promise<void> {
  const seg = ed.segment;
  const session = ed.session;
  if (!seg || !session) return;
  ed.busy = true;
  try {
    await session.settle();
    await session.saveNow();
    await api.release(seg.id);
    session.dispose();
    ed.session = null;
    sessionStorage.setItem('notula-flash', msg(str`Segment ${seg.index + 1} released; its draft was kept.`));
    navigate('/work');
  } catch (err) {
    ed.error = msg(str`Could not release the segment: ${messageOf(err)}`);
  } finally {
    ed.busy = false;
  }
}
