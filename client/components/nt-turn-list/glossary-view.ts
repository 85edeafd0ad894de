/**
 * The glossary's marks in a turn's text box: a backdrop behind the (transparent) textarea that
 * repeats its text invisibly with the near-misses underlined, the completion on offer, and the
 * one-key fixes. The rules of what is offered and flagged are in lib/glossary.ts.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { nearMisses, type Completion, type NearMiss } from '../../lib/glossary.ts';
import { msg, str } from '../../i18n/i18n.ts';

/** Near-misses by text, so typing in one turn does not recompute every other turn's. */
export class NearMissCache {
  private terms: readonly string[] = [];
  private readonly byText = new Map<string, NearMiss[]>();

  of(text: string, terms: readonly string[]): NearMiss[] {
    if (terms !== this.terms) {
      this.terms = terms;
      this.byText.clear();
    }
    let found = this.byText.get(text);
    if (!found) {
      if (this.byText.size > 200) this.byText.clear();
      found = terms.length ? nearMisses(text, terms) : [];
      this.byText.set(text, found);
    }
    return found;
  }
}

/** The text again, invisible, with each near-miss underlined; a trailing newline needs a character to take its line. */
export function backdrop(text: string, misses: readonly NearMiss[]): TemplateResult {
  const parts: Array<TemplateResult | string> = [];
  let at = 0;
  for (const m of misses) {
    parts.push(text.slice(at, m.from));
    parts.push(
      html`<mark class="near" title=${msg(str`Glossary: ${m.term}`)}>${text.slice(m.from, m.to)}</mark>`,
    );
    at = m.to;
  }
  parts.push(text.slice(at));
  return html`<div class="backdrop" aria-hidden="true">${parts}${text.endsWith('\n') ? ' ' : ''}</div>`;
}

/** Under the text box: the completion Tab would accept, and the fixes Alt+G applies. */
export function hints(
  n: number,
  completion: Completion | null,
  misses: readonly NearMiss[],
  fix: (m: NearMiss) => void,
): TemplateResult | typeof nothing {
  if (!completion && !misses.length) return nothing;
  return html`<div class="glossary-hints">
    ${
      completion
        ? html`<p class="completion" role="status" id="completion-${n}">
            <kbd>Tab</kbd> <strong translate="no">${completion.term}</strong>
          </p>`
        : nothing
    }
    ${
      misses.length
        ? html`<p class="fixes">
            ${misses.map(
              (m, i) =>
                html`<button
                  type="button"
                  class="fix"
                  @mousedown=${(e: Event) => e.preventDefault()}
                  @click=${() => fix(m)}
                  title=${i === 0 ? msg('Alt+G fixes the word at the caret, or the first') : ''}
                >
                  <s translate="no">${m.found}</s> → <span translate="no">${m.term}</span>
                </button>`,
            )}
            <span class="muted"><kbd>Alt</kbd>+<kbd>G</kbd> ${msg('fixes')}</span>
          </p>`
        : nothing
    }
  </div>`;
}
