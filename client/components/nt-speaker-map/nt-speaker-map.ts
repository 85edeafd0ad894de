import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { messageOf, recordings } from '../../api.ts';
import { base } from '../shared-styles.ts';
import { msg, str, updateWhenLocaleChanges } from '../../i18n/i18n.ts';

/**
 * Renames the speaker labels of a whole recording (e.g. "Speaker 1" → "Budi").
 * Its inputs keep their own state, so typing here never re-renders the merged text.
 * @event nt-speakers-saved - detail: {map}; the server renamed the speakers.
 */
export class NtSpeakerMap extends LitElement {
  static override styles = [
    base,
    css`
      table {
        margin-bottom: 0.75rem;
      }
      input {
        width: 100%;
      }
    `,
  ];
  static override properties = {
    recordingId: { type: String, attribute: 'recording-id' },
    speakers: { attribute: false },
    map: { attribute: false },
    participants: { attribute: false },
    busy: { state: true },
    error: { state: true },
    saved: { state: true },
  };
  declare recordingId: string;
  /** Speaker names found in the turns. */
  declare speakers: string[];
  declare map: Record<string, string>;
  declare participants: string[];
  declare busy: boolean;
  declare error: string;
  declare saved: boolean;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.recordingId = '';
    this.speakers = [];
    this.map = {};
    this.participants = [];
    this.busy = false;
    this.error = '';
    this.saved = false;
  }

  private async save(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const map: Record<string, string> = {};
    this.speakers.forEach((from, i) => {
      const to = String(data.get(`to-${i}`) ?? '').trim();
      if (to && to !== from) map[from] = to;
    });
    if (!Object.keys(map).length) {
      this.error = msg('Type a new name for at least one speaker first.');
      return;
    }
    this.busy = true;
    this.error = '';
    this.saved = false;
    try {
      await recordings.setSpeakers(this.recordingId, map);
      this.saved = true;
      this.dispatchEvent(
        new CustomEvent('nt-speakers-saved', { detail: { map }, bubbles: true, composed: true }),
      );
    } catch (err) {
      this.error = msg(str`Could not rename the speakers: ${messageOf(err)}`);
    } finally {
      this.busy = false;
    }
  }

  override render(): TemplateResult {
    return html`<form class="card" @submit=${this.save} aria-labelledby="map-title">
      <h2 id="map-title">${msg('Speaker names')}</h2>
      <datalist id="participants">
        ${this.participants.map((p) => html`<option value=${p}></option>`)}
      </datalist>
      ${
        this.speakers.length
          ? html`<div class="scroll-x">
              <table>
                <thead>
                  <tr>
                    <th scope="col">${msg('In the text')}</th>
                    <th scope="col">${msg('Rename to')}</th>
                  </tr>
                </thead>
                <tbody>
                  ${this.speakers.map(
                    (s, i) =>
                      html`<tr>
                        <td translate="no">${s}</td>
                        <td>
                          <label class="visually-hidden" for="to-${i}">${msg(str`New name for ${s}`)}</label>
                          <input
                            id="to-${i}"
                            name="to-${i}"
                            list="participants"
                            maxlength="64"
                            .value=${this.map[s] ?? ''}
                          />
                        </td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
          : html`<p class="muted">${msg('No speakers yet.')}</p>`
      }
      ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : nothing}
      ${this.saved ? html`<div class="notice" role="status">${msg('Speaker names saved.')}</div>` : nothing}
      <button type="submit" class="primary" ?disabled=${this.busy || !this.speakers.length}>
        ${msg('Save speaker names')}
      </button>
    </form>`;
  }
}
