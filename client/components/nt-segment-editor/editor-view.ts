/** The segment editor's template, kept apart from its behaviour to keep both files short. */
import { html, nothing, type TemplateResult } from 'lit';
import { formatClock, formatDate, formatPercent } from '../../lib/format.ts';
import { TAGS } from '../../lib/shortcuts.ts';
import type { Segment } from '../../types.ts';
import { HEARD_THRESHOLD } from '../../lib/heard.ts';
import { reviewBase } from '../../lib/review-base.ts';
import type { NtSegmentEditor } from './nt-segment-editor.ts';
import type { SaveStatus } from './save-session.ts';
import { renderOrder } from './editor-order.ts';
import '../nt-conflict-view/define.ts';
import '../nt-lease-timer/define.ts';
import '../nt-shortcuts-panel/define.ts';
import '../nt-turn-list/define.ts';
import '../nt-turns-diff/define.ts';
import '../nt-waveform/define.ts';

const SAVE_TEXT: Record<SaveStatus, string> = {
  idle: 'No unsaved changes',
  pending: 'Unsaved changes — kept in this browser',
  saving: 'Saving…',
  saved: 'Saved',
  offline: 'Offline — kept in this browser',
  conflict: 'Version conflict — choose below',
  'lease-lost': 'Not saved — kept in this browser',
  error: 'Not saved — kept in this browser',
};

export function renderEditor(ed: NtSegmentEditor): TemplateResult {
  const back =
    ed.mode === 'review'
      ? html`<a href="/review">← Back to review</a>`
      : html`<a href="/work">← Back to work</a>`;
  const seg = ed.segment;
  if (!seg) {
    return html`<p>${back}</p>
      ${ed.error ? html`<div class="error" role="alert">${ed.error}</div>` : html`<p class="muted">Opening segment…</p>`}`;
  }
  const shades = [
    { start: 0, end: seg.start - seg.contextStart, label: 'context' },
    { start: seg.end - seg.contextStart, end: seg.contextEnd - seg.contextStart, label: 'context' },
  ];
  return html`
    <p>${back}</p>
    <header class="head">
      <h1>
        ${ed.mode === 'review' ? 'Review segment' : 'Segment'} ${seg.index + 1}
        <span class="muted span">${formatClock(seg.start)}–${formatClock(seg.end)}</span>
      </h1>
      <nt-lease-timer .expiresAt=${ed.leaseExpiresAt}></nt-lease-timer>
      <span class="save ${ed.saveStatus}" role="status">${SAVE_TEXT[ed.saveStatus]}</span>
    </header>
    ${ed.error ? html`<div class="error" role="alert">${ed.error}</div>` : nothing}
    ${
      ed.saveStatus === 'lease-lost' || ed.saveStatus === 'error'
        ? html`<div class="error" role="alert">
            ${
              ed.saveStatus === 'lease-lost'
                ? 'Your hold on this segment ended, so the server no longer accepts changes from you.'
                : 'The last save failed.'
            }
            ${ed.saveMessage} Your text is kept in this browser.
          </div>`
        : nothing
    }
    ${ed.note ? html`<div class="notice" role="status">${ed.note}</div>` : nothing} ${renderComments(seg)}
    ${
      ed.conflict
        ? html`<nt-conflict-view
            .mine=${ed.conflict.mine}
            .theirs=${ed.conflict.theirs}
            @nt-conflict-resolve=${ed.onConflictResolve}
          ></nt-conflict-view>`
        : nothing
    }
    <nt-waveform
      .url=${`/api/segments/${encodeURIComponent(seg.id)}/audio`}
      .peaks=${ed.peaks}
      .duration=${ed.duration}
      .timeOffset=${seg.contextStart}
      .shades=${shades}
      label="Waveform of segment ${seg.index + 1}; grey parts are context"
      @nt-time=${ed.onTime}
      @nt-play-state=${ed.onPlayState}
      @nt-seek=${() => ed.tracker?.break()}
    ></nt-waveform>
    <p class="muted legend">
      Type the speech that starts between ${formatClock(seg.start)} and ${formatClock(seg.end)}. Grey parts
      are context from the neighbouring segments: listen, but don't type them.
      ${seg.analysis ? html`Speech detected in about ${formatPercent(seg.analysis.speechRatio)} of it.` : nothing}
    </p>
    <div class="layout">
      <section class="turns-col" aria-label="Turns">
        <nt-turn-list
          .turns=${ed.turns}
          .speakers=${ed.speakers}
          .segmentStart=${seg.start}
          .segmentEnd=${seg.end}
          .current=${ed.current}
          .glossary=${ed.glossaryTerms}
          ?readonly=${!!ed.conflict}
          @nt-turns-input=${ed.onTurnsInput}
          @nt-turn-seek=${(e: CustomEvent<{ start: number }>) => ed.seekTo(e.detail.start)}
          @nt-turn-focus=${(e: CustomEvent<{ index: number }>) => (ed.current = e.detail.index)}
        ></nt-turn-list>
        ${ed.mode === 'review' ? renderHistory(ed, seg) : nothing}
      </section>
      <aside>
        ${renderOrder(seg.order)} ${renderTools(ed)}
        ${ed.mode === 'review' ? renderReviewActions(ed, seg) : renderSubmit(ed)}
        <nt-shortcuts-panel ?review=${ed.mode === 'review'}></nt-shortcuts-panel>
      </aside>
    </div>
    ${renderDialogs(ed)}
  `;
}

function renderComments(seg: Segment): TemplateResult | typeof nothing {
  const comments = seg.comments ?? [];
  if (!comments.length) return nothing;
  return html`<section class="comments" aria-labelledby="comments-title">
    <h2 id="comments-title">Returned with comments</h2>
    <ul>
      ${comments.map(
        (c) =>
          html`<li>
            <strong>${c.byName ?? (c.role === 'reviewer' ? 'Reviewer' : c.role)}</strong>
            (${formatDate(c.at)}): ${c.text}
          </li>`,
      )}
    </ul>
  </section>`;
}

function renderTools(ed: NtSegmentEditor): TemplateResult {
  const disabled = !!ed.conflict;
  return html`<section class="card tools" aria-label="Editing tools">
    <button type="button" @click=${() => ed.newTurn()} ?disabled=${disabled}>New turn at playhead</button>
    <div class="tags" role="group" aria-label="Insert a tag">
      ${TAGS.map(
        (t) =>
          html`<button
            type="button"
            class="tag"
            ?disabled=${disabled}
            @mousedown=${(e: Event) => e.preventDefault()}
            @click=${() => ed.turnList?.insertTag(t.tag)}
            aria-label="Insert ${t.tag}"
          >
            ${t.tag}
          </button>`,
      )}
    </div>
    <label class="inline">
      <input
        type="checkbox"
        .checked=${ed.autoPause}
        @change=${(e: Event) => ed.setAutoPause((e.target as HTMLInputElement).checked)}
      />
      Auto-pause while typing
    </label>
  </section>`;
}

function renderSubmit(ed: NtSegmentEditor): TemplateResult {
  const low = ed.heardPct < HEARD_THRESHOLD * 100;
  return html`<section class="card" aria-label="Submit">
    <label for="heard">Heard ${ed.heardPct} % of this segment's audio</label>
    <progress id="heard" max="100" .value=${ed.heardPct} class=${low ? 'low' : ''}></progress>
    ${renderNearCount(ed.nearMissCount)}
    <div class="row">
      <button
        type="button"
        class="primary"
        @click=${() => ed.askSubmit()}
        ?disabled=${ed.busy || !!ed.conflict}
      >
        ${ed.busy ? 'Working…' : 'Submit'}
      </button>
      <button type="button" @click=${() => ed.release()} ?disabled=${ed.busy}>Release segment</button>
    </div>
  </section>`;
}

/** How many words differ slightly from a glossary term: shown before submitting and approving. */
function renderNearCount(count: number): TemplateResult | typeof nothing {
  if (!count) return nothing;
  return html`<p class="warn near-count" role="status">
    ${count === 1 ? '1 word differs' : `${count} words differ`} slightly from a glossary term (underlined).
  </p>`;
}

function renderReviewActions(ed: NtSegmentEditor, seg: Segment): TemplateResult {
  const submitted = [...(seg.history ?? [])].reverse().find((h) => h.kind === 'submitted');
  const ratio = seg.heardRatio ?? submitted?.heardRatio ?? null;
  const low = ratio != null && ratio < HEARD_THRESHOLD;
  return html`<section class="card" aria-label="Review decision">
    <p class=${low ? 'warn' : ''}>
      The transcriber heard <strong>${formatPercent(ratio)}</strong> of this segment's audio.
    </p>
    ${renderNearCount(ed.nearMissCount)}
    <div class="row">
      <button
        type="button"
        class="primary"
        @click=${() => ed.finish('approve')}
        ?disabled=${ed.busy || !!ed.conflict}
      >
        Approve
      </button>
      <button type="button" @click=${() => ed.dialog('return-dialog')?.showModal()} ?disabled=${ed.busy}>
        Return…
      </button>
    </div>
  </section>`;
}

function renderHistory(ed: NtSegmentEditor, seg: Segment): TemplateResult {
  const base = reviewBase(seg.history);
  const who = seg.transcriberName ?? 'the transcriber';
  return html`<section aria-labelledby="hist-title">
    <h2 id="hist-title">
      ${base?.since === 'returned' ? 'Changes since it was returned' : `Changes since ${who} submitted`}
    </h2>
    ${
      base
        ? html`<nt-turns-diff .original=${base.entry.turns} .revised=${ed.turns}></nt-turns-diff>`
        : html`<p class="muted">No submitted version to compare with.</p>`
    }
    ${
      seg.history?.length
        ? html`<details>
            <summary>History (${seg.history.length})</summary>
            <ul>
              ${seg.history.map(
                (h) =>
                  html`<li>
                    ${h.kind} by ${h.byName ?? h.by}, version ${h.version}, ${formatDate(h.at)}
                    ${h.heardRatio != null ? html`· heard ${formatPercent(h.heardRatio)}` : nothing}
                  </li>`,
              )}
            </ul>
          </details>`
        : nothing
    }
  </section>`;
}

function renderDialogs(ed: NtSegmentEditor): TemplateResult {
  const close = (id: string): void => ed.dialog(id)?.close();
  return html`
    <dialog id="heard-dialog" aria-labelledby="heard-title">
      <h2 id="heard-title">Submit without hearing it all?</h2>
      <p>
        You have heard ${ed.heardPct} % of this segment's audio. Reviewers see this figure. Listen to the rest
        before submitting, unless you are sure.
      </p>
      <div class="row">
        <button type="button" class="primary" @click=${() => (close('heard-dialog'), ed.play())}>
          Keep listening
        </button>
        <button type="button" @click=${() => (close('heard-dialog'), void ed.finish('submit'))}>
          Submit anyway
        </button>
      </div>
    </dialog>
    <dialog id="return-dialog" aria-labelledby="return-title">
      <form
        method="dialog"
        @submit=${(e: SubmitEvent) => {
          e.preventDefault();
          const text = (ed.renderRoot.querySelector('#return-comment') as HTMLTextAreaElement).value.trim();
          if (!text) return;
          close('return-dialog');
          void ed.finish('return', text);
        }}
      >
        <h2 id="return-title">Return to the transcriber</h2>
        <label for="return-comment">Comment for the transcriber</label>
        <textarea id="return-comment" rows="4" required maxlength="2000"></textarea>
        <div class="row">
          <button type="submit" class="primary">Return segment</button>
          <button type="button" @click=${() => close('return-dialog')}>Cancel</button>
        </div>
      </form>
    </dialog>
  `;
}
