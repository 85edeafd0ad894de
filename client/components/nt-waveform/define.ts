import { NtWaveform, type WaveformEvents } from './nt-waveform.ts';

customElements.define('nt-waveform', NtWaveform);

declare global {
  interface HTMLElementTagNameMap {
    'nt-waveform': NtWaveform;
  }
  interface GlobalEventHandlersEventMap {
    'nt-time': CustomEvent<WaveformEvents['nt-time']>;
    'nt-seek': CustomEvent<WaveformEvents['nt-seek']>;
    'nt-play-state': CustomEvent<WaveformEvents['nt-play-state']>;
    'nt-ready': CustomEvent<WaveformEvents['nt-ready']>;
    'nt-audio-error': CustomEvent<WaveformEvents['nt-audio-error']>;
  }
}
