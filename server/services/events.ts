import { EventEmitter } from 'node:events';

/**
 * In-process change notifications ("recording X changed"). Listeners (SSE streams) re-read the
 * recording; they also poll, so changes made by another process (a separate worker) reach them too.
 */
export class ChangeBus {
  private readonly emitter = new EventEmitter();
  constructor() {
    this.emitter.setMaxListeners(0);
  }
  recordingChanged(id: string): void {
    this.emitter.emit(`rec:${id}`);
  }
  onRecording(id: string, fn: () => void): () => void {
    this.emitter.on(`rec:${id}`, fn);
    return () => this.emitter.off(`rec:${id}`, fn);
  }
}
