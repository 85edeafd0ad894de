import { NtUploadArea } from './nt-upload-area.ts';

customElements.define('nt-upload-area', NtUploadArea);

declare global {
  interface HTMLElementTagNameMap {
    'nt-upload-area': NtUploadArea;
  }
  interface GlobalEventHandlersEventMap {
    'nt-upload-created': CustomEvent<{ recordingId: string }>;
    'nt-upload-finished': CustomEvent<{ recordingId: string }>;
  }
}
