import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { recordings as api, messageOf } from '../../api.ts';
import { statusLabel, formatClock, formatDate, formatPercent } from '../../lib/format.ts';
import { deadlineLine } from '../../lib/deadline.ts';
import { RecordingWatcher } from '../../lib/live.ts';
import type { Recording } from '../../types.ts';
import { base } from '../shared-styles.ts';
import '../nt-search/define.ts';
import '../nt-upload-area/define.ts';
import { msg, str, updateWhenLocaleChanges } from '../../i18n/i18n.ts';

/** The client's home: transcript search, upload area and the organisation's recordings with live status. */
export class NtRecordingsPage extends LitElement {
  static override styles = [
    base,
    css`
      .seg {
        display: flex;
        align-items: center;
        gap: 0.5rem;
        white-space: nowrap;
      }
      .seg progress {
        width: 7rem;
        height: 0.7rem;
      }
      td.title a {
        font-weight: 600;
      }
      .err {
        color: var(--nt-danger);
        font-size: 0.85rem;
      }
    `,
  ];
  static override properties = { list: { state: true }, error: { state: true }, loading: { state: true } };
  declare list: Recording[];
  declare error: string;
  declare loading: boolean;
  private watcher = new RecordingWatcher((r) => this.onUpdate(r));
  /** Organisation names from an admin's list (live updates carry none): shown in their own column. */
  private orgNames = new Map<string, string>();

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.list = [];
    this.error = '';
    this.loading = true;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.watcher.stop();
  }

  private async load(): Promise<void> {
    try {
      this.list = await api.list();
      for (const r of this.list) if (r.orgName) this.orgNames.set(r.orgId, r.orgName);
      this.error = '';
      this.watcher.watch(this.list);
    } catch (err) {
      this.error = msg(str`Could not load the recordings: ${messageOf(err)}`);
    } finally {
      this.loading = false;
    }
  }

  private onUpdate(r: Recording): void {
    const i = this.list.findIndex((x) => x.id === r.id);
    if (i < 0) return;
    this.list = this.list.map((x) => (x.id === r.id ? { ...x, ...r } : x));
  }

  override render(): TemplateResult {
    return html`
      <h1>${msg('Recordings')}</h1>
      <nt-search></nt-search>
      <nt-upload-area @nt-upload-created=${this.load} @nt-upload-finished=${this.load}></nt-upload-area>
      <h2>${msg('Your recordings')}</h2>
      ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : nothing}
      ${
        this.loading
          ? html`<p class="muted">${msg('Loading…')}</p>`
          : this.list.length
            ? this.renderTable()
            : html`<p class="muted">${msg('No recordings yet. Upload one above.')}</p>`
      }
    `;
  }

  private renderTable(): TemplateResult {
    const withOrg = this.orgNames.size > 0;
    return html`<div class="scroll-x">
      <table aria-label=${msg('Recordings')}>
        <thead>
          <tr>
            <th scope="col">${msg('Title')}</th>
            ${withOrg ? html`<th scope="col">${msg('Organisation')}</th>` : nothing}
            <th scope="col">${msg('Status')}</th>
            <th scope="col">${msg('Segments')}</th>
            <th scope="col" class="num">${msg('Duration')}</th>
            <th scope="col">${msg('Uploaded')}</th>
            <th scope="col">${msg('Deadline')}</th>
          </tr>
        </thead>
        <tbody>
          ${this.list.map((r) => this.renderRow(r, withOrg))}
        </tbody>
      </table>
    </div>`;
  }

  private renderRow(r: Recording, withOrg: boolean): TemplateResult {
    const s = r.segments ?? { total: 0, approved: 0, submitted: 0, open: 0, assigned: 0 };
    const processing = r.status === 'processing' || r.status === 'uploaded';
    return html`<tr>
      <td class="title"><a href="/recordings/${r.id}" translate="no">${r.title || r.filename}</a></td>
      ${withOrg ? html`<td translate="no">${this.orgNames.get(r.orgId) ?? r.orgId}</td>` : nothing}
      <td>
        <span class="badge ${r.status}">${statusLabel(r.status)}</span>
        ${processing && r.progress ? html` <span class="muted">${formatPercent(r.progress)}</span>` : nothing}
        ${r.status === 'failed' && r.error ? html`<div class="err">${r.error}</div>` : nothing}
        ${
          r.status === 'uploading'
            ? html`<div class="muted hint">
                ${msg('Interrupted? Choose the same file again above to continue.')}
              </div>`
            : nothing
        }
      </td>
      <td>
        ${
          s.total
            ? html`<span class="seg">
                <progress
                  max=${s.total}
                  .value=${s.approved}
                  aria-label=${msg(str`Segments approved for ${r.title || r.filename}`)}
                ></progress>
                ${msg(str`${s.approved}/${s.total} approved`)}
              </span>`
            : html`<span class="muted">–</span>`
        }
      </td>
      <td class="num">${formatClock(r.durationSec)}</td>
      <td>${formatDate(r.createdAt)}</td>
      <td>${deadlineLine(r)}</td>
    </tr>`;
  }
}
