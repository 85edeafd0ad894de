import { NtSegmentEditor } from './nt-segment-editor.ts';

customElements.define('nt-segment-editor', NtSegmentEditor);

declare global {
  interface HTMLElementTagNameMap {
    'nt-segment-editor': NtSegmentEditor;
  }
}
