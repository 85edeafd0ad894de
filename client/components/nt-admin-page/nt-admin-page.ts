import { LitElement, css, html, type TemplateResult } from 'lit';
import { base } from '../shared-styles.ts';
import '../nt-admin-orgs/define.ts';
import '../nt-admin-users/define.ts';
import '../nt-admin-figures/define.ts';
import '../nt-admin-log/define.ts';
import '../nt-admin-backlog/define.ts';
import '../nt-admin-orders/define.ts';
import '../nt-earnings/define.ts';
import { msg, updateWhenLocaleChanges } from '../../i18n/i18n.ts';

const TABS = [
  { id: 'orgs', label: () => msg('Organisations') },
  { id: 'users', label: () => msg('Users') },
  { id: 'queue', label: () => msg('Queue') },
  { id: 'backlog', label: () => msg('Backlog') },
  { id: 'orders', label: () => msg('Orders & rates') },
  { id: 'earnings', label: () => msg('Earnings') },
  { id: 'quality', label: () => msg('Quality') },
  { id: 'audit', label: () => msg('Audit log') },
  { id: 'webhooks', label: () => msg('Webhooks') },
] as const;
type TabId = (typeof TABS)[number]['id'];

/** Admin console: one tab per concern; only the open tab is rendered (and loads its data). */
export class NtAdminPage extends LitElement {
  static override styles = [
    base,
    css`
      [role='tablist'] {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem;
        border-bottom: 1px solid var(--nt-border);
        margin-bottom: 1rem;
      }
      [role='tab'] {
        border: 1px solid transparent;
        border-bottom: none;
        border-radius: var(--nt-radius) var(--nt-radius) 0 0;
        background: none;
        margin-bottom: -1px;
      }
      [role='tab'][aria-selected='true'] {
        background: var(--nt-surface);
        border-color: var(--nt-border);
        font-weight: 600;
      }
    `,
  ];
  static override properties = { tab: { state: true } };
  declare tab: TabId;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    const fromUrl = new URLSearchParams(location.search).get('tab');
    this.tab = TABS.some((t) => t.id === fromUrl) ? (fromUrl as TabId) : 'orgs';
  }

  private select(id: TabId): void {
    this.tab = id;
    history.replaceState(null, '', `/admin?tab=${id}`);
  }

  /** Arrow keys move between tabs, as in the WAI-ARIA tabs pattern. */
  private onKey(e: KeyboardEvent): void {
    const i = TABS.findIndex((t) => t.id === this.tab);
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    e.preventDefault();
    const next = TABS[(i + step + TABS.length) % TABS.length].id;
    this.select(next);
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#tab-${next}`)?.focus());
  }

  override render(): TemplateResult {
    return html`
      <h1>${msg('Administration')}</h1>
      <div role="tablist" aria-label=${msg('Administration')} @keydown=${this.onKey}>
        ${TABS.map(
          (t) =>
            html`<button
              type="button"
              role="tab"
              id="tab-${t.id}"
              aria-controls="panel"
              aria-selected=${t.id === this.tab ? 'true' : 'false'}
              tabindex=${t.id === this.tab ? 0 : -1}
              @click=${() => this.select(t.id)}
            >
              ${t.label()}
            </button>`,
        )}
      </div>
      <div id="panel" role="tabpanel" aria-labelledby="tab-${this.tab}">${this.renderPanel()}</div>
    `;
  }

  private renderPanel(): TemplateResult {
    switch (this.tab) {
      case 'orgs':
        return html`<nt-admin-orgs></nt-admin-orgs>`;
      case 'users':
        return html`<nt-admin-users></nt-admin-users>`;
      case 'queue':
        return html`<nt-admin-figures kind="queue"></nt-admin-figures>`;
      case 'quality':
        return html`<nt-admin-figures kind="quality"></nt-admin-figures>`;
      case 'backlog':
        return html`<nt-admin-backlog></nt-admin-backlog>`;
      case 'orders':
        return html`<nt-admin-orders></nt-admin-orders>`;
      case 'earnings':
        return html`<nt-earnings all></nt-earnings>`;
      case 'audit':
        return html`<nt-admin-log kind="audit"></nt-admin-log>`;
      case 'webhooks':
        return html`<nt-admin-log kind="webhooks"></nt-admin-log>`;
    }
  }
}
