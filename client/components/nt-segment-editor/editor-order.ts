/**
 * The client's rules beside the audio, for the transcriber and the reviewer alike: deadline,
 * verbatim mode with a one-line reminder, instructions, glossary and style guide. Never the
 * client's name or file name: the server does not send them.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { formatDate } from '../../lib/format.ts';
import type { SegmentOrder, Verbatim } from '../../types.ts';
import { msg, str } from '../../i18n/i18n.ts';

/** What each verbatim mode asks of the typist, in one line (in the page language: called at render). */
export function verbatimReminder(mode: Verbatim): string {
  return mode === 'full'
    ? msg('Full verbatim: type every word as spoken — fillers, false starts, repetitions and stutters.')
    : msg('Clean verbatim: leave out fillers (uh, um), false starts and repetitions; keep the meaning.');
}

export function renderOrder(order: SegmentOrder | undefined): TemplateResult | typeof nothing {
  if (!order) return nothing;
  return html`<section class="card order" aria-labelledby="order-title">
    <h2 id="order-title">${msg("The client's rules")}</h2>
    ${order.deadlineAt ? html`<p class="muted">${msg(str`Due ${formatDate(order.deadlineAt)}`)}</p>` : nothing}
    <p class="verbatim" data-verbatim=${order.verbatim}>
      <strong>${verbatimReminder(order.verbatim)}</strong>
    </p>
    ${
      order.instructions
        ? html`<h3>${msg('Instructions')}</h3>
            <p class="instructions" translate="no">${order.instructions}</p>`
        : nothing
    }
    ${
      order.glossary.length
        ? html`<h3>${msg('Glossary')}</h3>
            <ul class="glossary" translate="no">
              ${order.glossary.map(
                (g) => html`<li><strong>${g.term}</strong>${g.note ? html` — ${g.note}` : nothing}</li>`,
              )}
            </ul>`
        : nothing
    }
    ${
      order.styleGuideHtml
        ? html`<details class="style-guide">
            <summary>${msg('Style guide')}</summary>
            <!-- Rendered on the server by markdown-it with raw HTML off: markup typed in the guide is text. -->
            <div class="markdown" translate="no">${unsafeHTML(order.styleGuideHtml)}</div>
          </details>`
        : nothing
    }
  </section>`;
}
