import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { formatBytes } from '../../lib/format.ts';
import { startUpload, type UploadHandle, type UploadMeta } from '../../lib/upload.ts';
import { uploadStyles } from './nt-upload-area.styles.ts';
import { orders, type Turnaround } from '../../orders-api.ts';

type UploadState = 'queued' | 'uploading' | 'retrying' | 'paused' | 'done' | 'failed';

interface UploadItem {
  key: number;
  file: File;
  sent: number;
  state: UploadState;
  message: string;
  canResume: boolean;
  recordingId: string | null;
  handle: UploadHandle | null;
}

const STATE_TEXT: Record<UploadState, string> = {
  queued: 'Waiting',
  uploading: 'Uploading',
  retrying: 'Connection lost — retrying…',
  paused: 'Stopped',
  done: 'Upload complete',
  failed: 'Failed',
};

/**
 * Drop zone and form for uploading recordings with tus; one progress bar per file.
 * @event nt-upload-created - detail: {recordingId}; the recording now exists on the server.
 * @event nt-upload-finished - detail: {recordingId}; the last byte arrived.
 */
export class NtUploadArea extends LitElement {
  static override styles = uploadStyles;
  static override properties = {
    chosen: { state: true },
    items: { state: true },
    dragging: { state: true },
    formError: { state: true },
    tiers: { state: true },
  };
  declare chosen: File[];
  declare items: UploadItem[];
  declare dragging: boolean;
  declare formError: string;
  /** The organisation's turnaround tiers and its default; null until loaded (the server's default applies). */
  declare tiers: { turnarounds: Turnaround[]; defaultTurnaround: string } | null;
  private nextKey = 1;
  private onOnline = (): void => {
    for (const it of this.items) if (it.state === 'failed' && it.canResume) this.resume(it);
  };

  constructor() {
    super();
    this.chosen = [];
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
    this.formError = bad.length ? `Not audio or video, left out: ${bad.map((f) => f.name).join(', ')}.` : '';
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

  private submit(e: SubmitEvent): void {
    e.preventDefault();
    if (!this.chosen.length) {
      this.formError = 'Choose or drop at least one audio or video file first.';
      return;
    }
    const data = new FormData(e.target as HTMLFormElement);
    const title = String(data.get('title') ?? '').trim();
    const seg = Number(data.get('segmentSeconds') ?? '');
    const files = this.chosen;
    this.chosen = [];
    this.formError = '';
    files.forEach((file, i) => {
      const meta: UploadMeta = {
        title: title ? (files.length > 1 ? `${title} (${i + 1})` : title) : file.name.replace(/\.[^.]+$/, ''),
        language: String(data.get('language') ?? '').trim(),
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
        file,
        sent: 0,
        state: 'queued',
        message: '',
        canResume: false,
        recordingId: null,
        handle: null,
      };
      this.items = [item, ...this.items];
      void this.begin(item, meta);
    });
  }

  private patch(item: UploadItem, change: Partial<UploadItem>): void {
    Object.assign(item, change);
    this.items = [...this.items];
  }

  private async begin(item: UploadItem, meta: UploadMeta): Promise<void> {
    item.handle = await startUpload(item.file, meta, {
      onProgress: (sent) => this.patch(item, { sent, state: 'uploading', message: '' }),
      onRecordingId: (recordingId) => {
        this.patch(item, { recordingId });
        this.emit('nt-upload-created', recordingId);
      },
      onRetrying: () => this.patch(item, { state: 'retrying' }),
      onSuccess: () => {
        this.patch(item, { state: 'done', sent: item.file.size });
        if (item.recordingId) this.emit('nt-upload-finished', item.recordingId);
      },
      onError: (message, canResume) => this.patch(item, { state: 'failed', message, canResume }),
    });
    if (item.state === 'queued') this.patch(item, { state: 'uploading' });
  }

  private emit(name: 'nt-upload-created' | 'nt-upload-finished', recordingId: string): void {
    this.dispatchEvent(new CustomEvent(name, { detail: { recordingId }, bubbles: true, composed: true }));
  }

  private resume(item: UploadItem): void {
    this.patch(item, { state: 'uploading', message: '' });
    item.handle?.resume();
  }

  private async cancel(item: UploadItem): Promise<void> {
    await item.handle?.abort();
    this.patch(item, { state: 'paused', message: 'Cancelled.', canResume: false });
  }

  override render(): TemplateResult {
    return html`
      <form class="card" @submit=${this.submit} aria-labelledby="upload-title">
        <h2 id="upload-title">Upload recordings</h2>
        <div
          class="drop ${this.dragging ? 'over' : ''}"
          @dragover=${this.onDragOver}
          @dragleave=${() => (this.dragging = false)}
          @drop=${this.onDrop}
        >
          <p>Drag and drop audio or video files here, or</p>
          <label for="files" class="inline">Audio or video files</label>
          <input id="files" type="file" multiple accept="audio/*,video/*" @change=${this.onPick} />
          <p class="muted hint">
            An interrupted upload continues where it stopped when you choose the same file again.
          </p>
          ${
            this.chosen.length
              ? html`<ul class="chosen" aria-label="Chosen files">
                  ${this.chosen.map(
                    (f) =>
                      html`<li>
                        ${f.name} <span class="muted">(${formatBytes(f.size)})</span>
                        <button
                          type="button"
                          class="link"
                          aria-label="Remove ${f.name}"
                          @click=${() => this.removeChosen(f)}
                        >
                          Remove
                        </button>
                      </li>`,
                  )}
                </ul>`
              : nothing
          }
        </div>
        <div class="grid">
          <div class="field">
            <label for="title">Title</label>
            <input id="title" name="title" placeholder="Defaults to the file name" maxlength="200" />
          </div>
          <div class="field">
            <label for="language">Language</label>
            <input id="language" name="language" placeholder="e.g. en, id, nl" maxlength="35" />
          </div>
          <div class="field">
            <label for="participants">Participants (comma-separated)</label>
            <input id="participants" name="participants" placeholder="Budi, Sari, Tom" />
          </div>
          <div class="field">
            <label for="segmentSeconds">Segment length (seconds, optional)</label>
            <input id="segmentSeconds" name="segmentSeconds" type="number" min="30" max="900" step="1" />
          </div>
          ${this.renderOrderFields()}
        </div>
        ${this.formError ? html`<div class="error" role="alert">${this.formError}</div>` : nothing}
        <button class="primary" type="submit">
          Upload${this.chosen.length ? ` ${this.chosen.length} file${this.chosen.length > 1 ? 's' : ''}` : ''}
        </button>
      </form>
      ${this.items.length ? this.renderItems() : nothing}
    `;
  }

  /** The order: turnaround (the deadline runs from the last byte), verbatim mode, instructions, terms. */
  private renderOrderFields(): TemplateResult {
    const t = this.tiers;
    return html`<div class="field">
        <label for="turnaround">Turnaround</label>
        <select id="turnaround" name="turnaround">
          ${
            t
              ? t.turnarounds.map(
                  (x) =>
                    html`<option value=${x.name} ?selected=${x.name === t.defaultTurnaround}>
                      ${x.name} (${x.hours} h)
                    </option>`,
                )
              : html`<option value="">Default</option>`
          }
        </select>
      </div>
      <div class="field">
        <label for="verbatim">Verbatim</label>
        <select id="verbatim" name="verbatim">
          <option value="clean" selected>Clean (no fillers or false starts)</option>
          <option value="full">Full (every word as spoken)</option>
        </select>
      </div>
      <div class="field wide">
        <label for="instructions">Instructions for the transcribers (optional)</label>
        <textarea id="instructions" name="instructions" rows="2" maxlength="5000"></textarea>
      </div>
      <div class="field wide">
        <label for="glossary">Names and terms (comma or line separated, optional)</label>
        <textarea id="glossary" name="glossary" rows="2" placeholder="Budi Santoso, PT Sinar Mas"></textarea>
      </div>`;
  }

  private renderItems(): TemplateResult {
    return html`<ul class="uploads" aria-label="Uploads">
      ${this.items.map((it) => {
        const pct = it.file.size ? Math.floor((it.sent / it.file.size) * 100) : 0;
        return html`<li class="upload ${it.state}">
          <div class="row">
            <strong>${it.file.name}</strong>
            <span class="muted">${formatBytes(it.sent)} of ${formatBytes(it.file.size)}</span>
            <span class="state">${STATE_TEXT[it.state]}${it.state === 'uploading' ? ` ${pct} %` : ''}</span>
            ${
              it.recordingId && it.state === 'done'
                ? html`<a href="/recordings/${it.recordingId}" aria-label="Open recording ${it.file.name}"
                    >Open</a
                  >`
                : nothing
            }
            ${
              it.state === 'failed' && it.canResume
                ? html`<button type="button" @click=${() => this.resume(it)}>Resume</button>`
                : nothing
            }
            ${
              it.state === 'uploading' || it.state === 'retrying' || it.state === 'queued'
                ? html`<button type="button" @click=${() => this.cancel(it)}>Cancel</button>`
                : nothing
            }
          </div>
          <progress max="100" .value=${pct} aria-label="Upload progress for ${it.file.name}"></progress>
          ${it.message ? html`<div class="error" role="alert">${it.file.name}: ${it.message}</div>` : nothing}
        </li>`;
      })}
    </ul>`;
  }
}
