import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { admin, messageOf } from '../../api.ts';
import { orders, type Rates } from '../../orders-api.ts';
import type { GlossaryEntry, Org } from '../../types.ts';
import { base } from '../shared-styles.ts';
import { msg, str, updateWhenLocaleChanges } from '../../i18n/i18n.ts';

/** "rush=6, standard=24" ⇄ tiers; a malformed part is sent as is, for the server to name. */
const tiersText = (o: Org): string => o.turnarounds.map((t) => `${t.name}=${t.hours}`).join(', ');
const parseTiers = (s: string) =>
  s
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => {
      const [name, hours] = p.split('=');
      return { name: (name ?? '').trim(), hours: Number(hours) };
    });
/** One entry a line: `term — note` (or `term - note`). */
const glossaryText = (o: Org): string =>
  o.glossary.map((g) => (g.note ? `${g.term} — ${g.note}` : g.term)).join('\n');
const parseGlossary = (s: string): GlossaryEntry[] =>
  s
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const [term, ...note] = l.split(/\s+[—-]\s+/);
      return note.length ? { term: term.trim(), note: note.join(' — ').trim() } : { term: term.trim() };
    });

/** Order settings: an organisation's tiers, style guide and glossary; the transcribers' rates. */
export class NtAdminOrders extends LitElement {
  static override styles = base;
  static override properties = {
    orgs: { state: true },
    orgId: { state: true },
    rates: { state: true },
    error: { state: true },
    notice: { state: true },
  };
  declare orgs: Org[] | null;
  declare orgId: string;
  declare rates: Rates | null;
  declare error: string;
  declare notice: string;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.orgs = null;
    this.orgId = '';
    this.rates = null;
    this.error = '';
    this.notice = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      this.orgs = await admin.orgs();
      this.orgId ||= this.orgs[0]?.id ?? '';
      this.rates = await orders.rates();
    } catch (err) {
      this.error = msg(str`Could not load the settings: ${messageOf(err)}`);
    }
  }

  private async saveOrg(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const d = new FormData(e.target as HTMLFormElement);
    const patch = {
      turnarounds: parseTiers(String(d.get('tiers') ?? '')),
      defaultTurnaround: String(d.get('defaultTurnaround') ?? '').trim(),
      styleGuide: String(d.get('styleGuide') ?? ''),
      glossary: parseGlossary(String(d.get('glossary') ?? '')),
    };
    await this.run(async () => {
      await admin.updateOrg(this.orgId, patch);
      return msg('Order settings saved.');
    });
  }

  private async saveRates(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const d = new FormData(e.target as HTMLFormElement);
    const perAudioMinute: Record<string, number> = {};
    for (const [k, v] of d.entries())
      if (k.startsWith('tier:') && String(v).trim()) perAudioMinute[k.slice(5)] = Number(v);
    await this.run(async () => {
      this.rates = await orders.setRates({
        currency: String(d.get('currency') ?? '')
          .trim()
          .toUpperCase(),
        perAudioMinute,
        fullVerbatimExtra: Number(d.get('fullVerbatimExtra') ?? 0),
      });
      return msg('Rates saved: segments approved from now on earn at them.');
    });
  }

  private async run(fn: () => Promise<string>): Promise<void> {
    try {
      this.notice = await fn();
      this.error = '';
      await this.load();
    } catch (err) {
      this.notice = '';
      this.error = messageOf(err);
    }
  }

  override render(): TemplateResult {
    const org = this.orgs?.find((o) => o.id === this.orgId);
    return html`
      ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : nothing}
      ${this.notice ? html`<div class="notice" role="status">${this.notice}</div>` : nothing}
      ${this.orgs === null ? html`<p class="muted">${msg('Loading…')}</p>` : this.renderOrg(org)}
      ${this.renderRates()}
    `;
  }

  private renderOrg(org: Org | undefined): TemplateResult {
    return html`<form class="card" @submit=${this.saveOrg} aria-labelledby="org-orders-title">
      <h2 id="org-orders-title">${msg('Orders of an organisation')}</h2>
      <label for="org">${msg('Organisation')}</label>
      <select id="org" @change=${(e: Event) => (this.orgId = (e.target as HTMLSelectElement).value)}>
        ${(this.orgs ?? []).map((o) => html`<option value=${o.id} ?selected=${o.id === this.orgId} translate="no">${o.name}</option>`)}
      </select>
      ${
        org
          ? html`<label for="tiers">${msg('Turnaround tiers (name=hours, comma-separated)')}</label>
              <input id="tiers" name="tiers" .value=${tiersText(org)} />
              <label for="defaultTurnaround">${msg('Default tier')}</label>
              <input id="defaultTurnaround" name="defaultTurnaround" .value=${org.defaultTurnaround} />
              <label for="styleGuide">${msg('Style guide (Markdown, at most 20,000 characters)')}</label>
              <textarea id="styleGuide" name="styleGuide" rows="8" .value=${org.styleGuide}></textarea>
              <label for="org-glossary">${msg('Glossary (one term a line; “term — note”)')}</label>
              <textarea id="org-glossary" name="glossary" rows="6" .value=${glossaryText(org)}></textarea>
              <p class="muted">${msg('Changing the tiers never moves a deadline already set.')}</p>
              <button class="primary" type="submit">${msg('Save order settings')}</button>`
          : html`<p class="muted">${msg('Create an organisation first.')}</p>`
      }
    </form>`;
  }

  private renderRates(): TemplateResult {
    const r = this.rates;
    if (!r) return html`${nothing}`;
    const org = this.orgs?.find((o) => o.id === this.orgId);
    const tiers = [
      ...new Set([...(org?.turnarounds ?? []).map((t) => t.name), ...Object.keys(r.perAudioMinute)]),
    ];
    return html`<form class="card" @submit=${this.saveRates} aria-labelledby="rates-title">
      <h2 id="rates-title">${msg('Transcriber rates per audio minute')}</h2>
      <label for="currency">${msg('Currency (ISO code)')}</label>
      <input id="currency" name="currency" .value=${r.currency} maxlength="3" />
      ${tiers.map(
        (t) =>
          html`<label for="rate-${t}" translate="no">${t}</label>
            <input
              id="rate-${t}"
              name="tier:${t}"
              type="number"
              min="0"
              step="0.01"
              .value=${String(r.perAudioMinute[t] ?? '')}
            />`,
      )}
      <label for="fullVerbatimExtra">${msg('Extra for full verbatim')}</label>
      <input
        id="fullVerbatimExtra"
        name="fullVerbatimExtra"
        type="number"
        min="0"
        step="0.01"
        .value=${String(r.fullVerbatimExtra)}
      />
      <button class="primary" type="submit">${msg('Save rates')}</button>
    </form>`;
  }
}
