import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { search as api, messageOf } from '../../api.ts';
import { formatClock, formatDate } from '../../lib/format.ts';
import { snippetParts, timeFragment } from '../../lib/search.ts';
import type { SearchHit } from '../../types.ts';
import { base } from '../shared-styles.ts';
import { msg, str, updateWhenLocaleChanges } from '../../i18n/i18n.ts';

/** Hits the server returns per page (its default). */
const PAGE = 20;
/** Requests one search may make to fill a page. */
const MAX_FOLLOW = 10;

/**
 * The transcript search box and its results. Each hit links to its recording's page at the
 * moment the turn starts (`#t=<seconds>`). The query is kept in the page address (`?q=`), so
 * coming back from a hit shows the same results.
 *
 * Snippets are plain text from the server; the <mark>s are built here from the match ranges,
 * as Lit text nodes, so nothing a transcript says can become markup.
 */
export class NtSearch extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: block;
        margin-bottom: 1.25rem;
      }
      form {
        display: flex;
        gap: 0.5rem;
        flex-wrap: wrap;
      }
      input[type='search'] {
        flex: 1 1 20rem;
        min-width: 0;
      }
      .hits {
        list-style: none;
        padding: 0;
        margin: 0.75rem 0 0;
      }
      .hits li {
        border: 1px solid var(--nt-border);
        border-radius: var(--nt-radius);
        background: var(--nt-surface);
        margin-bottom: 0.5rem;
      }
      .hits a {
        display: block;
        padding: 0.5rem 0.75rem;
        color: inherit;
        text-decoration: none;
      }
      .hits a:hover .title,
      .hits a:focus-visible .title {
        text-decoration: underline;
      }
      .title {
        font-weight: 600;
        color: var(--nt-accent);
      }
      .where {
        font-size: 0.85rem;
      }
      .snippet {
        margin: 0.25rem 0 0;
      }
      mark {
        background: var(--nt-warn-bg, #fff3c4);
        color: inherit;
        font-weight: 600;
        padding: 0 0.1em;
        border-radius: 2px;
      }
    `,
  ];
  static override properties = {
    query: { state: true },
    searched: { state: true },
    hits: { state: true },
    next: { state: true },
    busy: { state: true },
    error: { state: true },
  };
  declare query: string;
  /** The query the results are for ('' before the first search). */
  declare searched: string;
  declare hits: SearchHit[];
  declare next: string | null;
  declare busy: boolean;
  declare error: string;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.query = '';
    this.searched = '';
    this.hits = [];
    this.next = null;
    this.busy = false;
    this.error = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const q = new URLSearchParams(location.search).get('q');
    if (q) {
      this.query = q;
      void this.run(q, null);
    }
  }

  private onSubmit(e: Event): void {
    e.preventDefault();
    const q = this.query.trim();
    const url = new URL(location.href);
    if (q) url.searchParams.set('q', q);
    else url.searchParams.delete('q');
    history.replaceState(history.state, '', url.pathname + url.search);
    if (!q) {
      this.searched = '';
      this.hits = [];
      this.next = null;
      this.error = '';
      return;
    }
    void this.run(q, null);
  }

  private async run(q: string, cursor: string | null): Promise<void> {
    this.busy = true;
    this.error = '';
    try {
      // A page can come back short while the server has more to look through (a rare phrase of
      // common words): follow it, a few requests at most, until there is a pageful to show.
      const hits: SearchHit[] = [];
      let next = cursor;
      for (let asked = 0; asked < MAX_FOLLOW; asked++) {
        const page = await api.query(q, next);
        hits.push(...page.hits);
        next = page.nextCursor;
        if (!next || hits.length >= PAGE) break;
      }
      if (q !== this.query.trim()) return;
      this.hits = cursor ? [...this.hits, ...hits] : hits;
      this.next = next;
      this.searched = q;
    } catch (err) {
      this.error = messageOf(err);
      if (!cursor) {
        this.hits = [];
        this.next = null;
        this.searched = '';
      }
    } finally {
      this.busy = false;
    }
  }

  override render(): TemplateResult {
    return html`
      <form role="search" @submit=${this.onSubmit}>
        <label class="visually-hidden" for="q">${msg('Search transcripts')}</label>
        <input
          id="q"
          type="search"
          placeholder=${msg('Search transcripts: words, "a phrase", or a prefix*')}
          maxlength="500"
          autocomplete="off"
          .value=${this.query}
          @input=${(e: Event) => (this.query = (e.target as HTMLInputElement).value)}
        />
        <button type="submit" class="primary" ?disabled=${this.busy}>${msg('Search')}</button>
      </form>
      ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : nothing}
      <div aria-live="polite">${this.renderResults()}</div>
    `;
  }

  private renderResults(): TemplateResult | typeof nothing {
    if (!this.searched) return this.busy ? html`<p class="muted">${msg('Searching…')}</p>` : nothing;
    if (!this.hits.length)
      return html`<p class="muted">${msg(str`No completed transcript contains “${this.searched}”.`)}</p>`;
    return html`<ol class="hits" aria-label=${msg('Search results')}>
        ${this.hits.map((h) => this.renderHit(h))}
      </ol>
      ${
        this.next
          ? html`<button
              type="button"
              ?disabled=${this.busy}
              @click=${() => this.run(this.searched, this.next)}
            >
              ${this.busy ? msg('Loading…') : msg('More results')}
            </button>`
          : nothing
      }`;
  }

  private renderHit(h: SearchHit): TemplateResult {
    return html`<li>
      <a href="/recordings/${encodeURIComponent(h.recordingId)}${timeFragment(h.start)}">
        <span class="title" translate="no">${h.title}</span>
        <span class="where muted">
          · ${msg(str`${h.speaker} at ${formatClock(h.start)}`)} · ${formatDate(h.createdAt)}</span
        >
        <p class="snippet">
          ${snippetParts(h.snippet, h.marks).map((p) => (p.marked ? html`<mark>${p.text}</mark>` : p.text))}
        </p>
      </a>
    </li>`;
  }
}
