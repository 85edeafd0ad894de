/** The segment editor's template, kept apart from its behaviour to keep both files short. */
import { html, nothing, type TemplateResult } from 'lit';
import { formatClock, formatDate, formatPercent, roleLabel } from '../../lib/format.ts';
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
import { msg, str } from '../../i18n/i18n.ts';

function saveText(status: SaveStatus): string {
  switch (status) {
    case 'idle':
      return msg('No unsaved changes');
    case 'pending':
      return msg('Unsaved changes — kept in this browser');
    case 'saving':
      return msg('Saving…');
    case 'saved':
      return msg('Saved');
    case 'offline':
      return msg('Offline — kept in this browser');
    case 'conflict':
      return msg('Version conflict — choose below');
    case 'lease-lost':
    case 'error':
      return msg('Not saved — kept in this browser');
  }
}

/** A history entry's kind in words; an unknown kind shows as it is. */
function historyKind(kind: string): string {
  switch (kind) {
    case 'submitted':
      return msg('submitted');
    case 'approved':
      return msg('approved');
    case 'returned':
      return msg('returned');
    case 'reopened':
      return msg('reopened');
    default:
      return kind;
  }
}

export function renderEditor(ed: NtSegmentEditor): TemplateResult {
  const back =
    ed.mode === 'review'
      ? html`<a href="/review">← ${msg('Back to review')}</a>`
      : html`<a href="/work">← ${msg('Back to work')}</a>`;
  const seg = ed.segment;
  if (!seg) {
    return html`<p>${back}</p>
      ${ed.error ? html`<div class="error" role="alert">${ed.error}</div>` : html`<p class="muted">${msg('Opening segment…')}</p>`}`;
  }
  const shades = [
    { start: 0, end: seg.start - seg.contextStart, label: msg('context') },
    { start: seg.end - seg.contextStart, end: seg.contextEnd - seg.contextStart, label: msg('context') },
  ];
  return html`
    <p>${back}</p>
    <header class="head">
      <h1>
        ${ed.mode === 'review' ? msg(str`Review segment ${seg.index + 1}`) : msg(str`Segment ${seg.index + 1}`)}
        <span class="muted span">${formatClock(seg.start)}–${formatClock(seg.end)}</span>
      </h1>
      <nt-lease-timer .expiresAt=${ed.leaseExpiresAt}></nt-lease-timer>
      <span class="save ${ed.saveStatus}" role="status">${saveText(ed.saveStatus)}</span>
    </header>
    ${ed.error ? html`<div class="error" role="alert">${ed.error}</div>` : nothing}
    ${
      ed.saveStatus === 'lease-lost' || ed.saveStatus === 'error'
        ? html`<div class="error" role="alert">
            ${
              ed.saveStatus === 'lease-lost'
                ? msg('Your hold on this segment ended, so the server no longer accepts changes from you.')
                : msg('The last save failed.')
            }
            ${ed.saveMessage} ${msg('Your text is kept in this browser.')}
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
      label=${msg(str`Waveform of segment ${seg.index + 1}; grey parts are context`)}
      @nt-time=${ed.onTime}
      @nt-play-state=${ed.onPlayState}
      @nt-seek=${() => ed.tracker?.break()}
    ></nt-waveform>
    <p class="muted legend">
      ${msg(
        str`Type the speech that starts between ${formatClock(seg.start)} and ${formatClock(seg.end)}. Grey parts are context from the neighbouring segments: listen, but don't type them.`,
      )}
      ${seg.analysis ? msg(str`Speech detected in about ${formatPercent(seg.analysis.speechRatio)} of it.`) : nothing}
    </p>
    <div class="layout">
      <section class="turns-col" aria-label=${msg('Turns')}>
        <nt-turn-list
          .turns=${ed.turns}
          .speakers=${ed.speakers}
          .segmentStart=${seg.start}
          .segmentEnd=${seg.end}
          .current=${ed.current}
          .glossary=${ed.glossaryTerms}
          .words=${seg.draft?.words ?? []}
          .playTime=${ed.playTime}
          .playheadAt=${() => ed.playheadAt()}
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
    <h2 id="comments-title">${msg('Returned with comments')}</h2>
    <ul>
      ${comments.map(
        (c) =>
          html`<li>
            <strong translate="no"
              >${c.byName ?? (c.role === 'reviewer' ? msg('Reviewer') : roleLabel(c.role))}</strong
            >
            (${formatDate(c.at)}):
            <span translate="no">${c.text}</span>
          </li>`,
      )}
    </ul>
  </section>`;
}

function renderTools(ed: NtSegmentEditor): TemplateResult {
  const disabled = !!ed.conflict;
  return html`<section class="card tools" aria-label=${msg('Editing tools')}>
    <button type="button" @click=${() => ed.newTurn()} ?disabled=${disabled}>
      ${msg('New turn at playhead')}
    </button>
    <div class="row undo">
      <button
        type="button"
        @click=${() => ed.undoRedo('undo')}
        ?disabled=${disabled || !ed.undoLabel}
        title=${ed.undoLabel ? msg(str`Undo ${ed.undoLabel} (Ctrl+Z)`) : msg('Nothing to undo')}
      >
        ${msg('Undo')}
      </button>
      <button
        type="button"
        @click=${() => ed.undoRedo('redo')}
        ?disabled=${disabled || !ed.redoLabel}
        title=${ed.redoLabel ? msg(str`Redo ${ed.redoLabel} (Ctrl+Shift+Z)`) : msg('Nothing to redo')}
      >
        ${msg('Redo')}
      </button>
    </div>
    ${renderSpeakerKeys(ed)}
    <div class="tags" role="group" aria-label=${msg('Insert a tag')}>
      ${TAGS.map(
        (t) =>
          html`<button
            type="button"
            class="tag"
            ?disabled=${disabled}
            @mousedown=${(e: Event) => e.preventDefault()}
            @click=${() => ed.turnList?.insertTag(t.tag)}
            aria-label=${msg(str`Insert ${t.tag}`)}
            translate="no"
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
      ${msg('Auto-pause while typing')}
    </label>
  </section>`;
}

/** Which speaker each Alt+digit gives (the same list, in the same order, as the speaker fields offer). */
function renderSpeakerKeys(ed: NtSegmentEditor): TemplateResult {
  return html`<div class="speaker-keys">
    <h3 id="keys-title">${msg('Speaker keys')}</h3>
    <ul aria-labelledby="keys-title">
      ${ed.speakers
        .slice(0, 9)
        .map((name, i) => html`<li><kbd>Alt+${i + 1}</kbd> <span translate="no">${name}</span></li>`)}
    </ul>
  </div>`;
}

function renderSubmit(ed: NtSegmentEditor): TemplateResult {
  const low = ed.heardPct < HEARD_THRESHOLD * 100;
  return html`<section class="card" aria-label=${msg('Submit')}>
    <label for="heard">${msg(str`Heard ${formatPercent(ed.heardPct / 100)} of this segment's audio`)}</label>
    <progress id="heard" max="100" .value=${ed.heardPct} class=${low ? 'low' : ''}></progress>
    ${renderNearCount(ed.nearMissCount)}
    <div class="row">
      <button
        type="button"
        class="primary"
        @click=${() => ed.askSubmit()}
        ?disabled=${ed.busy || !!ed.conflict}
      >
        ${ed.busy ? msg('Working…') : msg('Submit')}
      </button>
      <button type="button" @click=${() => ed.release()} ?disabled=${ed.busy}>
        ${msg('Release segment')}
      </button>
    </div>
  </section>`;
}

/** How many words differ slightly from a glossary term: shown before submitting and approving. */
function renderNearCount(count: number): TemplateResult | typeof nothing {
  if (!count) return nothing;
  return html`<p class="warn near-count" role="status">
    ${
      count === 1
        ? msg('1 word differs slightly from a glossary term (underlined).')
        : msg(str`${count} words differ slightly from a glossary term (underlined).`)
    }
  </p>`;
}

function renderReviewActions(ed: NtSegmentEditor, seg: Segment): TemplateResult {
  const submitted = [...(seg.history ?? [])].reverse().find((h) => h.kind === 'submitted');
  const ratio = seg.heardRatio ?? submitted?.heardRatio ?? null;
  const low = ratio != null && ratio < HEARD_THRESHOLD;
  return html`<section class="card" aria-label=${msg('Review decision')}>
    <p class=${low ? 'warn' : ''}>
      ${msg(str`The transcriber heard ${formatPercent(ratio)} of this segment's audio.`)}
    </p>
    ${renderNearCount(ed.nearMissCount)}
    <div class="row">
      <button
        type="button"
        class="primary"
        @click=${() => ed.finish('approve')}
        ?disabled=${ed.busy || !!ed.conflict}
      >
        ${msg('Approve')}
      </button>
      <button type="button" @click=${() => ed.dialog('return-dialog')?.showModal()} ?disabled=${ed.busy}>
        ${msg('Return…')}
      </button>
    </div>
  </section>`;
}

function renderHistory(ed: NtSegmentEditor, seg: Segment): TemplateResult {
  const base = reviewBase(seg.history);
  return html`<section aria-labelledby="hist-title">
    <h2 id="hist-title">
      ${
        base?.since === 'returned'
          ? msg('Changes since it was returned')
          : seg.transcriberName
            ? msg(str`Changes since ${seg.transcriberName} submitted`)
            : msg('Changes since the transcriber submitted')
      }
    </h2>
    ${
      base
        ? html`<nt-turns-diff .original=${base.entry.turns} .revised=${ed.turns}></nt-turns-diff>`
        : html`<p class="muted">${msg('No submitted version to compare with.')}</p>`
    }
    ${
      seg.history?.length
        ? html`<details>
            <summary>${msg(str`History (${seg.history.length})`)}</summary>
            <ul>
              ${seg.history.map(
                (h) =>
                  html`<li>
                    ${msg(str`${historyKind(h.kind)} by ${h.byName ?? h.by}, version ${h.version}, ${formatDate(h.at)}`)}
                    ${h.heardRatio != null ? html`· ${msg(str`heard ${formatPercent(h.heardRatio)}`)}` : nothing}
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
      <h2 id="heard-title">${msg('Submit without hearing it all?')}</h2>
      <p>
        ${msg(
          str`You have heard ${formatPercent(ed.heardPct / 100)} of this segment's audio. Reviewers see this figure. Listen to the rest before submitting, unless you are sure.`,
        )}
      </p>
      <div class="row">
        <button type="button" class="primary" @click=${() => (close('heard-dialog'), ed.play())}>
          ${msg('Keep listening')}
        </button>
        <button type="button" @click=${() => (close('heard-dialog'), void ed.finish('submit'))}>
          ${msg('Submit anyway')}
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
        <h2 id="return-title">${msg('Return to the transcriber')}</h2>
        <label for="return-comment">${msg('Comment for the transcriber')}</label>
        <textarea id="return-comment" rows="4" required maxlength="2000"></textarea>
        <div class="row">
          <button type="submit" class="primary">${msg('Return segment')}</button>
          <button type="button" @click=${() => close('return-dialog')}>${msg('Cancel')}</button>
        </div>
      </form>
    </dialog>
  `;
}
