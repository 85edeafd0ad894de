import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import WaveSurfer from 'wavesurfer.js';
import RegionsPlugin from 'wavesurfer.js/dist/plugins/regions.esm.js';
import TimelinePlugin from 'wavesurfer.js/dist/plugins/timeline.esm.js';
import { formatClock, formatStamp } from '../../lib/format.ts';
import { RATES, SEEK_SECONDS, stepRate } from '../../lib/shortcuts.ts';
import { waveformStyles } from './nt-waveform.styles.ts';
import { msg, str, updateWhenLocaleChanges } from '../../i18n/i18n.ts';

const RATE_KEY = 'notula-playback-rate';

function savedRate(): number {
  let stored: number;
  try {
    stored = Number(localStorage.getItem(RATE_KEY));
  } catch {
    stored = NaN;
  }
  return RATES.includes(stored) ? stored : 1;
}

/**
 * A shade's label on one line, anchored to the shade's outer edge: a few seconds of context are only
 * a few pixels wide, and the trailing shade's label would otherwise run off the end ("con…").
 */
function shadeLabel(text: string, atEnd: boolean): HTMLElement {
  const el = document.createElement('div');
  el.textContent = text;
  Object.assign(el.style, {
    position: 'absolute',
    top: '0',
    [atEnd ? 'right' : 'left']: '0',
    whiteSpace: 'nowrap',
    padding: '0.2em 0.4em',
    fontSize: '0.8rem',
    pointerEvents: 'none',
  });
  return el;
}
/** A stretch of audio to shade, in audio seconds. */
export interface Shade {
  start: number;
  end: number;
  label?: string;
}

const ZOOM_LEVELS = [0, 25, 50, 100, 200, 400];

/**
 * wavesurfer.js with server peaks (nothing is decoded in the browser) and a streamed
 * MediaElement; regions shade the context, the timeline shows recording time.
 * Owns every wavesurfer subscription and releases them when disconnected.
 *
 * @event nt-time - detail: {time, playing}; playback position in audio seconds.
 * @event nt-seek - detail: {time}; the user clicked or dragged on the waveform.
 * @event nt-play-state - detail: {playing}.
 * @event nt-ready - the waveform is drawn and the audio can play.
 * @event nt-audio-error - detail: {message}.
 */
export class NtWaveform extends LitElement {
  static override styles = waveformStyles;
  static override properties = {
    url: { type: String },
    peaks: { attribute: false },
    duration: { type: Number },
    timeOffset: { type: Number, attribute: 'time-offset' },
    shades: { attribute: false },
    height: { type: Number },
    label: { type: String },
    playing: { state: true },
    rate: { state: true },
    zoomIndex: { state: true },
    error: { state: true },
  };
  declare url: string;
  declare peaks: Float32Array | null;
  declare duration: number;
  /** Added to audio time in the timeline and clock, so labels show recording time. */
  declare timeOffset: number;
  declare shades: Shade[];
  declare height: number;
  declare label: string;
  declare playing: boolean;
  declare rate: number;
  declare zoomIndex: number;
  declare error: string;

  private ws: WaveSurfer | null = null;
  private regions: ReturnType<typeof RegionsPlugin.create> | null = null;
  private unsubs: (() => void)[] = [];
  private clock: HTMLElement | null = null;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.url = '';
    this.peaks = null;
    this.duration = 0;
    this.timeOffset = 0;
    this.shades = [];
    this.height = 96;
    this.label = '';
    this.playing = false;
    this.rate = savedRate();
    this.zoomIndex = 0;
    this.error = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated) this.requestUpdate(); // re-create wavesurfer after a move in the DOM
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.teardown();
  }

  override updated(changed: PropertyValues<this>): void {
    if (changed.has('url') || changed.has('peaks') || changed.has('duration') || !this.ws) this.setup();
    else if (changed.has('shades')) this.drawShades();
  }

  private setup(): void {
    this.teardown();
    const container = this.renderRoot.querySelector<HTMLElement>('#wave');
    if (!container || !this.url || !this.peaks || !this.duration) return;
    this.error = '';
    const styles = getComputedStyle(this);
    const color = (name: string, fallback: string): string =>
      styles.getPropertyValue(name).trim() || fallback;
    this.regions = RegionsPlugin.create();
    const ws = WaveSurfer.create({
      container,
      url: this.url,
      peaks: [this.peaks],
      duration: this.duration,
      backend: 'MediaElement',
      height: this.height,
      waveColor: color('--nt-wave', '#8aa4cf'),
      progressColor: color('--nt-wave-progress', '#1f5fbf'),
      cursorColor: color('--nt-cursor', '#d33'),
      cursorWidth: 2,
      normalize: true,
      dragToSeek: true,
      audioRate: this.rate,
      plugins: [
        this.regions,
        TimelinePlugin.create({
          // The plugin's own timeOffset moves the notches instead of relabelling them.
          formatTimeCallback: (s) => formatClock(s + this.timeOffset),
          style: { fontSize: '11px', color: color('--nt-muted', '#666') },
        }),
      ],
    });
    this.ws = ws;
    const media = ws.getMediaElement();
    if (media) media.preload = 'auto';
    this.unsubs.push(
      ws.on('decode', () => this.drawShades()),
      ws.on('ready', () => this.emit('nt-ready', undefined)),
      ws.on('timeupdate', (t) => this.onTime(t)),
      ws.on('interaction', (t) => this.emit('nt-seek', { time: t })),
      ws.on('play', () => this.setPlaying(true)),
      ws.on('pause', () => this.setPlaying(false)),
      ws.on('finish', () => this.setPlaying(false)),
      ws.on('error', (e) => {
        this.error = msg(str`The audio could not be played: ${e.message || msg('unknown error')}.`);
        this.emit('nt-audio-error', { message: this.error });
      }),
    );
    if (this.zoomIndex > 0) ws.zoom(ZOOM_LEVELS[this.zoomIndex]);
  }

  private teardown(): void {
    for (const off of this.unsubs.splice(0)) off();
    this.ws?.destroy();
    this.ws = null;
    this.regions = null;
    this.playing = false;
  }

  private drawShades(): void {
    if (!this.regions) return;
    this.regions.clearRegions();
    for (const s of this.shades) {
      if (s.end <= s.start) continue;
      this.regions.addRegion({
        start: s.start,
        end: s.end,
        color: getComputedStyle(this).getPropertyValue('--nt-context').trim() || 'rgba(120,126,140,0.35)',
        drag: false,
        resize: false,
        content: s.label ? shadeLabel(s.label, s.end >= this.duration - 0.01) : undefined,
      });
    }
  }

  private onTime(t: number): void {
    // The clock changes every frame; writing it directly avoids re-rendering the component.
    this.clock ??= this.renderRoot.querySelector('.clock .now');
    if (this.clock) this.clock.textContent = formatStamp(t + this.timeOffset);
    this.emit('nt-time', { time: t, playing: this.ws?.isPlaying() ?? false });
  }

  private setPlaying(p: boolean): void {
    this.playing = p;
    this.emit('nt-play-state', { playing: p });
  }

  private emit<K extends keyof WaveformEvents>(name: K, detail: WaveformEvents[K]): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  /** Audio seconds. */
  get currentTime(): number {
    return this.ws?.getCurrentTime() ?? 0;
  }

  get isPlaying(): boolean {
    return this.ws?.isPlaying() ?? false;
  }

  playPause(): void {
    void this.ws?.playPause().catch((e: unknown) => (this.error = msg(str`Playback failed: ${String(e)}`)));
  }

  play(): void {
    void this.ws?.play().catch((e: unknown) => (this.error = msg(str`Playback failed: ${String(e)}`)));
  }

  /**
   * Jumps to `t` and plays from there. Resolves false when the browser will not start audio
   * before the user has interacted with the page (a link opened in a new tab): the caller can
   * then ask for a press of Play instead of showing an error.
   */
  async playFrom(t: number): Promise<boolean> {
    if (!this.ws) return false;
    this.setTime(t);
    try {
      await this.ws.play();
      return true;
    } catch (e) {
      if ((e as Error).name !== 'NotAllowedError') this.error = msg(str`Playback failed: ${String(e)}`);
      return false;
    }
  }

  pause(): void {
    this.ws?.pause();
  }

  skip(seconds: number): void {
    if (!this.ws) return;
    this.setTime(this.ws.getCurrentTime() + seconds);
  }

  /** Jumps to an audio time (clamped), e.g. from a turn's timestamp. */
  setTime(t: number): void {
    if (!this.ws) return;
    this.ws.setTime(Math.max(0, Math.min(this.duration, t)));
    this.emit('nt-seek', { time: this.ws.getCurrentTime() });
  }

  stepRate(step: number): number {
    this.setRate(stepRate(this.rate, step));
    return this.rate;
  }

  zoom(step: number): void {
    this.zoomIndex = Math.max(0, Math.min(ZOOM_LEVELS.length - 1, this.zoomIndex + step));
    this.ws?.zoom(ZOOM_LEVELS[this.zoomIndex]);
  }

  private onRateSelect(e: Event): void {
    this.setRate(Number((e.target as HTMLSelectElement).value));
  }

  /** The speed is the listener's habit, not the segment's: it is kept for the next page and reload. */
  private setRate(rate: number): void {
    this.rate = rate;
    this.ws?.setPlaybackRate(rate, true);
    try {
      localStorage.setItem(RATE_KEY, String(rate));
    } catch {
      // storage off: the speed lasts for this page only
    }
  }

  override render(): TemplateResult {
    const ready = !!this.peaks;
    return html`
      <div class="wave-box">
        <div id="wave" role="img" aria-label=${this.label || msg('Waveform')}></div>
        ${ready ? nothing : html`<p class="muted placeholder">${msg('Loading waveform…')}</p>`}
      </div>
      <div class="controls row">
        <button type="button" class="primary play" @click=${this.playPause} ?disabled=${!ready}>
          ${this.playing ? msg('Pause') : msg('Play')}
        </button>
        <button type="button" @click=${() => this.skip(-SEEK_SECONDS)} ?disabled=${!ready}>
          ${msg(str`Back ${SEEK_SECONDS} s`)}
        </button>
        <button type="button" @click=${() => this.skip(SEEK_SECONDS)} ?disabled=${!ready}>
          ${msg(str`Forward ${SEEK_SECONDS} s`)}
        </button>
        <label class="inline"
          >${msg('Speed')}
          <select @change=${this.onRateSelect} .value=${String(this.rate)}>
            ${RATES.map((r) => html`<option value=${r} ?selected=${r === this.rate}>${r}×</option>`)}
          </select>
        </label>
        <button type="button" @click=${() => this.zoom(1)} ?disabled=${!ready}>${msg('Zoom in')}</button>
        <button type="button" @click=${() => this.zoom(-1)} ?disabled=${!ready || this.zoomIndex === 0}>
          ${msg('Zoom out')}
        </button>
        <span class="clock" aria-live="off">
          <span class="now">${formatStamp(this.timeOffset)}</span> /
          ${formatClock(this.timeOffset + this.duration)}
        </span>
      </div>
      ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : nothing}
    `;
  }
}

export interface WaveformEvents {
  'nt-time': { time: number; playing: boolean };
  'nt-seek': { time: number };
  'nt-play-state': { playing: boolean };
  'nt-ready': undefined;
  'nt-audio-error': { message: string };
}
