import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { recordings as api, messageOf, type TranscriptFormat } from '../../api.ts';
import { navigate } from '../../router.ts';
import { statusLabel, formatClock, formatDate, formatPercent } from '../../lib/format.ts';
import { deadlineLine, timestampChoices } from '../../lib/deadline.ts';
import { RecordingWatcher, isFinal } from '../../lib/live.ts';
import { peaksDuration, toFloatPeaks } from '../../lib/peaks.ts';
import { parseTimeFragment, turnAt } from '../../lib/search.ts';
import type { Recording, TranscriptJson } from '../../types.ts';
import type { NtWaveform } from '../nt-waveform/nt-waveform.ts';
import { recordingStyles } from './nt-recording-page.styles.ts';
import '../nt-waveform/define.ts';
import { msg, str, updateWhenLocaleChanges } from '../../i18n/i18n.ts';
import { languageName } from '../../lib/languages.ts';

/** "id,en" → "Indonesian, English" in the page's language. */
function languageNames(field: string): string {
  return field
    .split(',')
    .map((t) => (t === 'mul' ? msg('mixed') : languageName(t)))
    .join(', ');
}

const FORMATS: { format: TranscriptFormat; label: string }[] = [
  { format: 'txt', label: 'TXT' },
  { format: 'docx', label: 'DOCX' },
  { format: 'srt', label: 'SRT' },
  { format: 'vtt', label: 'VTT' },
  { format: 'json', label: 'JSON' },
];

/**
 * One recording for its client: status, audio over its waveform, transcript, downloads, delete.
 * `#t=<seconds>` in the address (a search hit links so) plays from that moment, with the
 * transcript scrolled to the turn; the turn playing stays marked as the audio goes on.
 */
export class NtRecordingPage extends LitElement {
  static override styles = recordingStyles;
  static override properties = {
    recordingId: { type: String, attribute: 'recording-id' },
    recording: { state: true },
    peaks: { state: true },
    duration: { state: true },
    transcript: { state: true },
    error: { state: true },
    waveNote: { state: true },
    deleting: { state: true },
    currentTurn: { state: true },
    playNote: { state: true },
    timestamps: { state: true },
  };
  declare recordingId: string;
  declare recording: Recording | null;
  declare peaks: Float32Array | null;
  declare duration: number;
  declare transcript: TranscriptJson | null;
  declare error: string;
  declare waveNote: string;
  declare deleting: boolean;
  /** Where the txt and Word downloads put timestamps. */
  declare timestamps: string;
  /** Index of the transcript turn at the playhead (−1: none). */
  declare currentTurn: number;
  declare playNote: string;
  private watcher = new RecordingWatcher((r) => this.onLive(r));
  /** A moment asked for by `#t=`, waiting for the waveform to be ready. */
  private pendingPlay: number | null = null;
  /** A moment asked for by `#t=`, waiting for the transcript to be shown. */
  private pendingScroll: number | null = null;
  private waveReady = false;
  private readonly onAddress = (): void => this.readFragment();

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.recordingId = '';
    this.timestamps = 'turn';
    this.recording = null;
    this.peaks = null;
    this.duration = 0;
    this.transcript = null;
    this.error = '';
    this.waveNote = '';
    this.deleting = false;
    this.currentTurn = -1;
    this.playNote = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // A hit of the same recording changes only the fragment: no new page, so listen for it.
    for (const name of ['hashchange', 'popstate', 'nt-navigate'] as const)
      window.addEventListener(name, this.onAddress);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.watcher.stop();
    for (const name of ['hashchange', 'popstate', 'nt-navigate'] as const)
      window.removeEventListener(name, this.onAddress);
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('recordingId') && this.recordingId) {
      this.waveReady = false;
      this.currentTurn = -1;
      this.readFragment();
      void this.load();
    }
  }

  override updated(): void {
    if (this.pendingScroll === null || !this.transcript) return;
    const t = this.pendingScroll;
    this.pendingScroll = null;
    this.currentTurn = turnAt(this.transcript.turns, t);
    void this.updateComplete.then(() => this.scrollToCurrent());
  }

  private scrollToCurrent(): void {
    this.renderRoot.querySelector('.turns li[aria-current="true"]')?.scrollIntoView({ block: 'center' });
  }

  /** Takes `#t=<seconds>` from the address, if it is there and names this recording. */
  private readFragment(): void {
    if (location.pathname !== `/recordings/${encodeURIComponent(this.recordingId)}`) return;
    const t = parseTimeFragment(location.hash);
    if (t === null) return;
    this.pendingPlay = t;
    this.pendingScroll = t;
    this.playNote = '';
    this.requestUpdate();
    void this.playPending();
  }

  private onWaveReady(): void {
    this.waveReady = true;
    void this.playPending();
  }

  private async playPending(): Promise<void> {
    const t = this.pendingPlay;
    const wave = this.renderRoot.querySelector<NtWaveform>('nt-waveform');
    if (t === null || !this.waveReady || !wave) return;
    this.pendingPlay = null;
    if (!(await wave.playFrom(t))) this.playNote = msg(str`Press Play to listen from ${formatClock(t)}.`);
    // Again once the waveform is drawn: it may have pushed the transcript down since.
    this.scrollToCurrent();
  }

  private onTime(e: CustomEvent<{ time: number }>): void {
    if (!this.transcript || this.pendingScroll !== null) return;
    const i = turnAt(this.transcript.turns, e.detail.time);
    if (i !== this.currentTurn) this.currentTurn = i;
  }

  private async load(): Promise<void> {
    const id = this.recordingId;
    this.recording = null;
    this.peaks = null;
    this.transcript = null;
    this.error = '';
    try {
      const rec = await api.get(id);
      if (id !== this.recordingId) return;
      this.recording = rec;
      this.watcher.watch([rec]);
      void this.loadPeaks(rec);
      if (rec.status === 'completed') void this.loadTranscript(rec);
    } catch (err) {
      this.error = msg(str`Could not load this recording: ${messageOf(err)}`);
    }
  }

  private async loadPeaks(rec: Recording): Promise<void> {
    if (rec.status === 'uploading' || rec.status === 'uploaded' || rec.status === 'failed') {
      this.waveNote = msg('The waveform appears once the recording has been processed.');
      return;
    }
    try {
      const p = await api.peaks(rec.id);
      this.duration = peaksDuration(p) || rec.durationSec || 0;
      this.peaks = toFloatPeaks(p.peaks);
      this.waveNote = '';
    } catch (err) {
      this.waveNote = msg(str`The waveform is not available yet (${messageOf(err)}).`);
    }
  }

  private async loadTranscript(rec: Recording): Promise<void> {
    try {
      this.transcript = await api.transcript<TranscriptJson>(rec.id);
    } catch (err) {
      this.error = msg(str`Could not load the transcript: ${messageOf(err)}`);
    }
  }

  private onLive(r: Recording): void {
    const before = this.recording;
    this.recording = { ...(before ?? r), ...r };
    if (!this.peaks && before && before.status !== r.status) void this.loadPeaks(r);
    if (r.status === 'completed' && !this.transcript) void this.loadTranscript(r);
  }

  private seek(t: number): void {
    const wave = this.renderRoot.querySelector<NtWaveform>('nt-waveform');
    wave?.setTime(t);
  }

  private askDelete(): void {
    this.renderRoot.querySelector<HTMLDialogElement>('#confirm-delete')?.showModal();
  }

  private async confirmDelete(): Promise<void> {
    const rec = this.recording;
    if (!rec) return;
    this.deleting = true;
    try {
      await api.remove(rec.id);
      this.renderRoot.querySelector<HTMLDialogElement>('#confirm-delete')?.close();
      navigate('/recordings');
    } catch (err) {
      this.renderRoot.querySelector<HTMLDialogElement>('#confirm-delete')?.close();
      this.error = msg(str`Could not delete the recording: ${messageOf(err)}`);
    } finally {
      this.deleting = false;
    }
  }

  override render(): TemplateResult {
    const rec = this.recording;
    if (!rec) {
      return html`<p><a href="/recordings">← ${msg('All recordings')}</a></p>
        ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : html`<p class="muted">${msg('Loading…')}</p>`}`;
    }
    const s = rec.segments;
    return html`
      <p><a href="/recordings">← ${msg('All recordings')}</a></p>
      <header class="head">
        <h1 translate="no">${rec.title || rec.filename}</h1>
        <span class="badge ${rec.status}">${statusLabel(rec.status)}</span>
      </header>
      <p class="meta muted">
        <span translate="no">${rec.filename}</span> · ${formatClock(rec.durationSec)} ·
        ${msg(str`uploaded ${formatDate(rec.createdAt)}`)}
        ${rec.language ? html` · ${msg(str`language ${languageNames(rec.language)}`)}` : nothing}
        ${rec.participants?.length ? html` · <span translate="no">${rec.participants.join(', ')}</span>` : nothing}
      </p>
      ${rec.deadlineAt ? html`<p class="meta">${deadlineLine(rec)}</p>` : nothing}
      ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : nothing}
      ${
        rec.status === 'failed'
          ? html`<div class="error" role="alert">
              ${msg(str`Processing failed: ${rec.error ?? msg('unknown reason')}`)}
            </div>`
          : nothing
      }
      ${
        !isFinal(rec)
          ? html`<div class="progress card">
              ${
                rec.status === 'processing' || rec.status === 'uploaded'
                  ? html`<label for="proc">${msg(str`Processing ${formatPercent(rec.progress ?? 0)}`)}</label>
                      <progress id="proc" max="1" .value=${rec.progress ?? 0}></progress>`
                  : nothing
              }
              ${
                s?.total
                  ? html`<label for="segs">${msg(str`Segments approved: ${s.approved} of ${s.total}`)}</label>
                      <progress id="segs" max=${s.total} .value=${s.approved}></progress>`
                  : nothing
              }
            </div>`
          : nothing
      }
      <div class="layout">
        <section class="player" aria-label=${msg('Audio')}>
          <nt-waveform
            .url=${api.audioUrl(rec.id)}
            .peaks=${this.peaks}
            .duration=${this.duration}
            label=${msg(str`Waveform of ${rec.title}`)}
            @nt-ready=${this.onWaveReady}
            @nt-time=${this.onTime}
          ></nt-waveform>
          ${this.waveNote ? html`<p class="muted">${this.waveNote}</p>` : nothing}
          ${this.playNote ? html`<p class="warn" role="status">${this.playNote}</p>` : nothing}
          <h2>${msg('Download transcript')}</h2>
          ${
            rec.status === 'completed'
              ? html`<div class="row">
                    <label class="inline" for="timestamps">${msg('Timestamps (txt, Word)')}</label>
                    <select
                      id="timestamps"
                      @change=${(e: Event) => (this.timestamps = (e.target as HTMLSelectElement).value)}
                    >
                      ${timestampChoices().map(
                        (c) =>
                          html`<option value=${c.value} ?selected=${c.value === this.timestamps}>
                            ${c.label}
                          </option>`,
                      )}
                    </select>
                  </div>
                  <div class="row">
                    ${FORMATS.map(
                      (f) =>
                        html`<a
                          class="button"
                          href=${
                            api.transcriptUrl(rec.id, f.format) +
                            (f.format === 'txt' || f.format === 'docx'
                              ? `&timestamps=${this.timestamps}`
                              : '')
                          }
                          download
                          >${msg(str`Download ${f.label}`)}</a
                        >`,
                    )}
                  </div>`
              : html`<p class="muted">${msg('Downloads are available once the recording is completed.')}</p>`
          }
          <h2>${msg('Delete')}</h2>
          <button type="button" class="danger" @click=${this.askDelete}>${msg('Delete recording')}</button>
        </section>
        <section class="transcript" aria-label=${msg('Transcript')}>
          <h2>${msg('Transcript')}</h2>
          ${this.renderTranscript()}
        </section>
      </div>
      <dialog id="confirm-delete" aria-labelledby="del-title">
        <h2 id="del-title">${msg(str`Delete “${rec.title || rec.filename}”?`)}</h2>
        <p>
          ${msg('The audio, its segments and the transcript are deleted for good. This cannot be undone.')}
        </p>
        <div class="row">
          <button type="button" class="danger" @click=${this.confirmDelete} ?disabled=${this.deleting}>
            ${this.deleting ? msg('Deleting…') : msg('Delete')}
          </button>
          <button
            type="button"
            @click=${() => this.renderRoot.querySelector<HTMLDialogElement>('dialog')?.close()}
          >
            ${msg('Cancel')}
          </button>
        </div>
      </dialog>
    `;
  }

  private renderTranscript(): TemplateResult {
    const t = this.transcript;
    if (!t) {
      return html`<p class="muted">
        ${
          this.recording?.status === 'completed'
            ? msg('Loading…')
            : msg('The transcript appears here once it is completed.')
        }
      </p>`;
    }
    if (!t.turns.length) return html`<p class="muted">${msg('No speech was found in this recording.')}</p>`;
    return html`<ol class="turns">
      ${t.turns.map(
        (turn, i) =>
          html`<li aria-current=${i === this.currentTurn ? 'true' : 'false'}>
            <button
              type="button"
              class="stamp"
              @click=${() => this.seek(turn.start)}
              title=${msg('Play from here')}
            >
              ${formatClock(turn.start)}
            </button>
            <span translate="no"><strong>${turn.speaker}:</strong> ${turn.text}</span>
          </li>`,
      )}
    </ol>`;
  }
}
