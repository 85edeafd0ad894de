import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { formatBytes, formatPercent } from '../../lib/format.ts';
import { MIXED, UPLOAD_LANGUAGES, languageField, languageName } from '../../lib/languages.ts';
import { startUpload, type UploadHandle, type UploadMeta } from '../../lib/upload.ts';
import { msg, str, updateWhenLocaleChanges } from '../../i18n/i18n.ts';
import { uploadStyles } from './nt-upload-area.styles.ts';
import { orders, type Turnaround } from '../../orders-api.ts';

type UploadState = 'queued' | 'uploading' | 'retrying' | 'paused' | 'done' | 'failed';

interface UploadItem {
  key: number;
  /** The files sent together from one press of Upload: the form clears once all of them arrived. */
  batch: number;
  file: File;
  /** Kept so Retry sends the file again with the same details. */
  meta: UploadMeta;
  sent: number;
  state: UploadState;
  message: string;
  canResume: boolean;
  recordingId: string | null;
  handle: UploadHandle | null;
}

function stateText(state: UploadState): string {
  switch (state) {
    case 'queued':
      return msg('Waiting');
    case 'uploading':
      return msg('Uploading');
    case 'retrying':
      return msg('Connection lost — retrying…');
    case 'paused':
      return msg('Stopped');
    case 'done':
      return msg('Upload complete');
    case 'failed':
      return msg('Failed');
  }
}

/**
 * Drop zone and form for uploading recordings with tus; one progress bar per file. The details are
 * checked before anything is sent; a failed file stays with Retry and Dismiss; the form clears
 * once every file of an upload arrived.
 * @event nt-upload-created - detail: {recordingId}; the recording now exists on the server.
 * @event nt-upload-finished - detail: {recordingId}; the last byte arrived.
 */
export class NtUploadArea extends LitElement {
  static override styles = uploadStyles;
  static override properties = {
    chosen: { state: true },
    languages: { state: true },
    items: { state: true },
    dragging: { state: true },
    formError: { state: true },
    tiers: { state: true },
  };
  declare chosen: File[];
  /** Checked language tags (UPLOAD_LANGUAGES or MIXED). */
  declare languages: string[];
  declare items: UploadItem[];
  declare dragging: boolean;
  declare formError: string;
  /** The organisation's turnaround tiers and its default; null until loaded (the server's default applies). */
  declare tiers: { turnarounds: Turnaround[]; defaultTurnaround: string } | null;
  private nextKey = 1;
  private nextBatch = 1;
  private onOnline = (): void => {
    for (const it of this.items) if (it.state === 'failed' && it.canResume) this.retry(it);
  };

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.chosen = [];
    this.languages = [];
    this.items = [];
    this.dragging = false;
    this.formError = '';
    this.tiers = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('online', this.onOnline);
    orders.turnarounds().then(
      (t) => (this.tiers = t),
      () => (this.tiers = null),
    );
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('online', this.onOnline);
    // Uploads keep running only while the page is open; tus resumes them after a reload.
  }

  private addFiles(files: FileList | File[] | null): void {
    if (!files) return;
    const list = [...files];
    const bad = list.filter((f) => f.type && !/^(audio|video)\//.test(f.type));
    const names = bad.map((f) => f.name).join(', ');
    this.formError = bad.length ? msg(str`Not audio or video, left out: ${names}.`) : '';
    this.chosen = [...this.chosen, ...list.filter((f) => !bad.includes(f))];
  }

  private onDrop(e: DragEvent): void {
    e.preventDefault();
    this.dragging = false;
    this.addFiles(e.dataTransfer?.files ?? null);
  }

  private onDragOver(e: DragEvent): void {
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    this.dragging = true;
  }

  private onPick(e: Event): void {
    const input = e.target as HTMLInputElement;
    this.addFiles(input.files);
    input.value = '';
  }

  private removeChosen(f: File): void {
    this.chosen = this.chosen.filter((x) => x !== f);
  }

  /** "Mixed" stands alone: choosing it clears the others, choosing another clears it. */
  private toggleLanguage(tag: string, on: boolean): void {
    if (!on) this.languages = this.languages.filter((t) => t !== tag);
    else if (tag === MIXED) this.languages = [MIXED];
    else this.languages = [...this.languages.filter((t) => t !== MIXED), tag];
    if (this.languages.length) this.formError = '';
  }

  /** Everything the server would refuse, found before a byte is sent; '' when the form is fine. */
  private problem(form: HTMLFormElement): string {
    if (!this.chosen.length) return msg('Choose or drop at least one audio or video file first.');
    if (!this.languages.length)
      return msg('Choose the language of the meeting (several, or Mixed, if need be).');
    const invalid = [...form.querySelectorAll<HTMLInputElement>('input')].find((i) => !i.checkValidity());
    if (invalid) {
      const label = form.querySelector(`label[for="${invalid.id}"]`)?.textContent?.trim() ?? invalid.name;
      return msg(str`${label}: ${invalid.validationMessage}`);
    }
    return '';
  }

  private submit(e: SubmitEvent): void {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    this.formError = this.problem(form);
    if (this.formError) return;
    const data = new FormData(form);
    const title = String(data.get('title') ?? '').trim();
    const seg = Number(data.get('segmentSeconds') ?? '');
    const files = this.chosen;
    const batch = this.nextBatch++;
    this.chosen = [];
    files.forEach((file, i) => {
      const meta: UploadMeta = {
        title: title ? (files.length > 1 ? `${title} (${i + 1})` : title) : file.name.replace(/\.[^.]+$/, ''),
        language: languageField(this.languages),
        participants: String(data.get('participants') ?? '')
          .split(',')
          .map((p) => p.trim())
          .filter(Boolean)
          .join(','),
        segmentSeconds: Number.isFinite(seg) && seg > 0 ? seg : undefined,
        turnaround: String(data.get('turnaround') ?? ''),
        verbatim: data.get('verbatim') === 'full' ? 'full' : 'clean',
        instructions: String(data.get('instructions') ?? ''),
        glossary: String(data.get('glossary') ?? ''),
      };
      const item: UploadItem = {
        key: this.nextKey++,
        batch,
        file,
        meta,
        sent: 0,
        state: 'queued',
        message: '',
        canResume: false,
        recordingId: null,
        handle: null,
      };
      this.items = [item, ...this.items];
      void this.begin(item);
    });
  }

  private patch(item: UploadItem, change: Partial<UploadItem>): void {
    Object.assign(item, change);
    this.items = [...this.items];
  }

  private async begin(item: UploadItem): Promise<void> {
    item.handle = await startUpload(item.file, item.meta, {
      onProgress: (sent) => this.patch(item, { sent, state: 'uploading', message: '' }),
      onRecordingId: (recordingId) => {
        this.patch(item, { recordingId });
        this.emit('nt-upload-created', recordingId);
      },
      onRetrying: () => this.patch(item, { state: 'retrying' }),
      onSuccess: () => {
        this.patch(item, { state: 'done', sent: item.file.size });
        if (item.recordingId) this.emit('nt-upload-finished', item.recordingId);
        this.clearFormAfter(item.batch);
      },
      onError: (message, canResume) => this.patch(item, { state: 'failed', message, canResume }),
    });
    if (item.state === 'queued') this.patch(item, { state: 'uploading' });
  }

  /** Once every file of an upload arrived, the details typed for it are done with. */
  private clearFormAfter(batch: number): void {
    if (this.items.some((it) => it.batch === batch && it.state !== 'done')) return;
    this.renderRoot.querySelector('form')?.reset();
    this.languages = [];
    this.formError = '';
  }

  private emit(name: 'nt-upload-created' | 'nt-upload-finished', recordingId: string): void {
    this.dispatchEvent(new CustomEvent(name, { detail: { recordingId }, bubbles: true, composed: true }));
  }

  /** From the last byte the server holds when it can; otherwise the same file and details afresh. */
  private retry(item: UploadItem): void {
    this.patch(item, { state: 'uploading', message: '' });
    if (item.canResume && item.handle) item.handle.resume();
    else void this.begin(item);
  }

  private dismiss(item: UploadItem): void {
    this.items = this.items.filter((x) => x !== item);
  }

  private async cancel(item: UploadItem): Promise<void> {
    await item.handle?.abort();
    this.patch(item, { state: 'paused', message: msg('Cancelled.'), canResume: false });
  }

  override render(): TemplateResult {
    return html`
      <form class="card" @submit=${this.submit} aria-labelledby="upload-title" novalidate>
        <h2 id="upload-title">${msg('Upload recordings')}</h2>
        <div
          class="drop ${this.dragging ? 'over' : ''}"
          @dragover=${this.onDragOver}
          @dragleave=${() => (this.dragging = false)}
          @drop=${this.onDrop}
        >
          <p>${msg('Drag and drop audio or video files here, or')}</p>
          <label for="files" class="inline">${msg('Audio or video files')}</label>
          <input id="files" type="file" multiple accept="audio/*,video/*" @change=${this.onPick} />
          <p class="muted hint">
            ${msg('An interrupted upload continues where it stopped when you choose the same file again.')}
          </p>
          ${this.chosen.length ? this.renderChosen() : nothing}
        </div>
        ${this.renderLanguages()}
        <div class="grid">
          <div class="field">
            <label for="title">${msg('Title')}</label>
            <input id="title" name="title" placeholder=${msg('Defaults to the file name')} maxlength="200" />
          </div>
          <div class="field">
            <label for="participants">${msg('Participants (comma-separated)')}</label>
            <input id="participants" name="participants" placeholder="Budi, Sari, Tom" translate="no" />
          </div>
          <div class="field">
            <label for="segmentSeconds">${msg('Segment length (seconds, optional)')}</label>
            <input id="segmentSeconds" name="segmentSeconds" type="number" min="30" max="900" step="1" />
          </div>
          ${this.renderOrderFields()}
        </div>
        ${this.formError ? html`<div class="error" role="alert">${this.formError}</div>` : nothing}
        <button class="primary" type="submit">${this.uploadLabel()}</button>
      </form>
      ${this.items.length ? this.renderItems() : nothing}
    `;
  }

  private uploadLabel(): string {
    const n = this.chosen.length;
    if (n === 0) return msg('Upload');
    return n === 1 ? msg('Upload 1 file') : msg(str`Upload ${n} files`);
  }

  private renderChosen(): TemplateResult {
    return html`<ul class="chosen" aria-label=${msg('Chosen files')}>
      ${this.chosen.map(
        (f) =>
          html`<li>
            <span translate="no">${f.name}</span> <span class="muted">(${formatBytes(f.size)})</span>
            <button
              type="button"
              class="link"
              aria-label=${msg(str`Remove ${f.name}`)}
              @click=${() => this.removeChosen(f)}
            >
              ${msg('Remove')}
            </button>
          </li>`,
      )}
    </ul>`;
  }

  private renderLanguages(): TemplateResult {
    const box = (tag: string, label: string) =>
      html`<label class="lang">
        <input
          type="checkbox"
          name="language"
          value=${tag}
          .checked=${this.languages.includes(tag)}
          @change=${(e: Event) => this.toggleLanguage(tag, (e.target as HTMLInputElement).checked)}
        />
        ${label}
      </label>`;
    return html`<fieldset class="languages">
      <legend>${msg('Languages spoken')}</legend>
      ${UPLOAD_LANGUAGES.map((t) => box(t, languageName(t)))} ${box(MIXED, msg('Mixed or other'))}
    </fieldset>`;
  }

  /** The order: turnaround (the deadline runs from the last byte), verbatim mode, instructions, terms. */
  private renderOrderFields(): TemplateResult {
    const t = this.tiers;
    return html`<div class="field">
        <label for="turnaround">${msg('Turnaround')}</label>
        <select id="turnaround" name="turnaround">
          ${
            t
              ? t.turnarounds.map(
                  (x) =>
                    html`<option value=${x.name} ?selected=${x.name === t.defaultTurnaround}>
                      ${msg(str`${x.name} (${x.hours} h)`)}
                    </option>`,
                )
              : html`<option value="">${msg('Default')}</option>`
          }
        </select>
      </div>
      <div class="field">
        <label for="verbatim">${msg('Verbatim')}</label>
        <select id="verbatim" name="verbatim">
          <option value="clean" selected>${msg('Clean (no fillers or false starts)')}</option>
          <option value="full">${msg('Full (every word as spoken)')}</option>
        </select>
      </div>
      <div class="field wide">
        <label for="instructions">${msg('Instructions for the transcribers (optional)')}</label>
        <textarea id="instructions" name="instructions" rows="2" maxlength="5000"></textarea>
      </div>
      <div class="field wide">
        <label for="glossary">${msg('Names and terms (comma or line separated, optional)')}</label>
        <textarea
          id="glossary"
          name="glossary"
          rows="2"
          placeholder="Budi Santoso, PT Sinar Mas"
          translate="no"
        ></textarea>
      </div>`;
  }

  private renderItems(): TemplateResult {
    return html`<ul class="uploads" aria-label=${msg('Uploads')}>
      ${this.items.map((it) => {
        const ratio = it.file.size ? it.sent / it.file.size : 0;
        const sent = formatBytes(it.sent);
        const size = formatBytes(it.file.size);
        const ended = it.state === 'failed' || it.state === 'paused' || it.state === 'done';
        return html`<li class="upload ${it.state}">
          <div class="row">
            <strong translate="no">${it.file.name}</strong>
            <span class="muted">${msg(str`${sent} of ${size}`)}</span>
            <span class="state"
              >${stateText(it.state)}${it.state === 'uploading' ? ` ${formatPercent(Math.floor(ratio * 100) / 100)}` : ''}</span
            >
            ${
              it.recordingId && it.state === 'done'
                ? html`<a
                    href="/recordings/${it.recordingId}"
                    aria-label=${msg(str`Open recording ${it.file.name}`)}
                    >${msg('View')}</a
                  >`
                : nothing
            }
            ${
              it.state === 'failed' || it.state === 'paused'
                ? html`<button type="button" @click=${() => this.retry(it)}>${msg('Retry')}</button>`
                : nothing
            }
            ${
              it.state === 'uploading' || it.state === 'retrying' || it.state === 'queued'
                ? html`<button type="button" @click=${() => this.cancel(it)}>${msg('Cancel')}</button>`
                : nothing
            }
            ${
              ended
                ? html`<button
                    type="button"
                    class="link"
                    aria-label=${msg(str`Dismiss ${it.file.name}`)}
                    @click=${() => this.dismiss(it)}
                  >
                    ${msg('Dismiss')}
                  </button>`
                : nothing
            }
          </div>
          <progress
            max="100"
            .value=${Math.floor(ratio * 100)}
            aria-label=${msg(str`Upload progress for ${it.file.name}`)}
          ></progress>
          ${it.message ? html`<div class="error" role="alert">${it.file.name}: ${it.message}</div>` : nothing}
          ${
            it.state === 'failed' && it.canResume
              ? html`<p class="muted hint">
                  ${msg(
                    'Retry continues from where it stopped. After closing this page, choose the same file again to continue.',
                  )}
                </p>`
              : nothing
          }
        </li>`;
      })}
    </ul>`;
  }
}
