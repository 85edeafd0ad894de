import { LitElement, css, html, type TemplateResult } from 'lit';
import { shortcutHelp } from '../../lib/shortcuts.ts';
import { base } from '../shared-styles.ts';
import { msg, updateWhenLocaleChanges } from '../../i18n/i18n.ts';

/** The editor's keyboard shortcuts, always on screen. */
export class NtShortcutsPanel extends LitElement {
  static override styles = [
    base,
    css`
      dl {
        display: grid;
        grid-template-columns: auto 1fr;
        gap: 0.2rem 0.75rem;
        margin: 0;
        font-size: 0.88rem;
      }
      dt {
        font-family: var(--nt-mono);
        white-space: nowrap;
      }
      dd {
        margin: 0;
      }
      h2 {
        margin-top: 0;
      }
    `,
  ];

  static override properties = { review: { type: Boolean } };
  /** Reviewers approve with a button; the submit shortcut is for transcribers only. */
  declare review: boolean;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.review = false;
  }

  override render(): TemplateResult {
    const rows = shortcutHelp().filter((s) => !(this.review && s.transcriberOnly));
    return html`<section class="card" aria-labelledby="sc-title">
      <h2 id="sc-title">${msg('Keyboard shortcuts')}</h2>
      <dl>
        ${rows.map(
          (s) =>
            html`<dt translate="no">${s.keys}</dt>
              <dd>${s.does}</dd>`,
        )}
      </dl>
    </section>`;
  }
}
