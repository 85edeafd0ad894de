import { LitElement, css, html, type TemplateResult } from 'lit';
import { formatStamp } from '../../lib/format.ts';
import { turnsToText } from '../../lib/turns.ts';
import type { Turn } from '../../types.ts';
import { base } from '../shared-styles.ts';
import { msg, updateWhenLocaleChanges } from '../../i18n/i18n.ts';

/**
 * Shows both texts after a version conflict and lets the user choose.
 * @event nt-conflict-resolve - detail: {choice: 'mine' | 'theirs'}.
 */
export class NtConflictView extends LitElement {
  static override styles = [
    base,
    css`
      .cols {
        display: grid;
        grid-template-columns: 1fr 1fr;
        gap: 1rem;
      }
      pre {
        white-space: pre-wrap;
        font-family: var(--nt-font);
        background: var(--nt-surface);
        border: 1px solid var(--nt-border);
        border-radius: var(--nt-radius);
        padding: 0.6rem;
        max-height: 40vh;
        overflow: auto;
        margin: 0.3rem 0 0.6rem;
      }
      .box {
        border: 2px solid var(--nt-danger);
        border-radius: var(--nt-radius);
        padding: 0.8rem 1rem;
        margin-bottom: 1rem;
        background: var(--nt-danger-bg);
      }
      h2 {
        margin-top: 0;
        color: var(--nt-danger);
      }
    `,
  ];
  static override properties = { mine: { attribute: false }, theirs: { attribute: false } };
  declare mine: Turn[];
  declare theirs: Turn[];

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.mine = [];
    this.theirs = [];
  }

  private choose(choice: 'mine' | 'theirs'): void {
    this.dispatchEvent(
      new CustomEvent('nt-conflict-resolve', { detail: { choice }, bubbles: true, composed: true }),
    );
  }

  override render(): TemplateResult {
    return html`<section class="box" role="alert" aria-labelledby="conflict-title">
      <h2 id="conflict-title">${msg('Version conflict')}</h2>
      <p>
        ${msg(
          'This segment was saved from somewhere else while you were editing (version conflict). Both texts are below: keep yours (it is saved on top of the newer version) or take the saved one.',
        )}
      </p>
      <div class="cols">
        <div>
          <h3>${msg('Your text (kept in this browser)')}</h3>
          <pre aria-label=${msg('Your text')} translate="no">${turnsToText(this.mine, formatStamp)}</pre>
          <button type="button" class="primary" @click=${() => this.choose('mine')}>
            ${msg('Keep my text')}
          </button>
        </div>
        <div>
          <h3>${msg('Text on the server')}</h3>
          <pre aria-label=${msg('Text on the server')} translate="no">
${turnsToText(this.theirs, formatStamp)}</pre>
          <button type="button" @click=${() => this.choose('theirs')}>
            ${msg('Take the server’s text')}
          </button>
        </div>
      </div>
    </section>`;
  }
}
