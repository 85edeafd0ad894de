import { LitElement, css, html, type TemplateResult } from 'lit';
import { SHORTCUT_HELP } from '../../lib/shortcuts.ts';
import { base } from '../shared-styles.ts';

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
    this.review = false;
  }

  override render(): TemplateResult {
    const rows = this.review ? SHORTCUT_HELP.filter((s) => s.does !== 'Submit') : SHORTCUT_HELP;
    return html`<section class="card" aria-labelledby="sc-title">
      <h2 id="sc-title">Keyboard shortcuts</h2>
      <dl>
        ${rows.map(
          (s) =>
            html`<dt>${s.keys}</dt>
              <dd>${s.does}</dd>`,
        )}
      </dl>
    </section>`;
  }
}
