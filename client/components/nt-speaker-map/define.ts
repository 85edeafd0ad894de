import { NtSpeakerMap } from './nt-speaker-map.ts';

customElements.define('nt-speaker-map', NtSpeakerMap);

declare global {
  interface HTMLElementTagNameMap {
    'nt-speaker-map': NtSpeakerMap;
  }
  interface GlobalEventHandlersEventMap {
    'nt-speakers-saved': CustomEvent<{ map: Record<string, string> }>;
  }
}
