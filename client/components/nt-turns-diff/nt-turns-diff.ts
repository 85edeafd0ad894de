import { LitElement, css, html, type TemplateResult } from 'lit';
import { formatStamp } from '../../lib/format.ts';
import { turnsToText } from '../../lib/turns.ts';
import { wordDiff } from '../../lib/word-diff.ts';
import type { Turn } from '../../types.ts';
import { base } from '../shared-styles.ts';
import { msg, updateWhenLocaleChanges } from '../../i18n/i18n.ts';

/** Word diff between two versions of a segment's turns (e.g. as submitted vs. as corrected). */
export class NtTurnsDiff extends LitElement {
  static override styles = [
    base,
    css`
      .diff {
        white-space: pre-wrap;
        background: var(--nt-surface);
        border: 1px solid var(--nt-border);
        border-radius: var(--nt-radius);
        padding: 0.6rem;
        line-height: 1.6;
        max-height: 40vh;
        overflow: auto;
      }
      ins {
        background: var(--nt-ok-bg);
        color: var(--nt-ok);
        text-decoration: none;
        border-bottom: 2px solid currentColor;
      }
      del {
        background: var(--nt-danger-bg);
        color: var(--nt-danger);
      }
    `,
  ];
  static override properties = { original: { attribute: false }, revised: { attribute: false } };
  declare original: Turn[];
  declare revised: Turn[];

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.original = [];
    this.revised = [];
  }

  override render(): TemplateResult {
    const parts = wordDiff(turnsToText(this.original, formatStamp), turnsToText(this.revised, formatStamp));
    const changed = parts.some((p) => p.op !== 'same');
    return html`<div class="diff" aria-label=${msg('Changes')} translate="no">
        ${parts.map((p) =>
          p.op === 'same' ? p.text : p.op === 'add' ? html`<ins>${p.text}</ins>` : html`<del>${p.text}</del>`,
        )}
      </div>
      <p class="muted">${changed ? msg('Green: added, red: removed.') : msg('No changes.')}</p>`;
  }
}
