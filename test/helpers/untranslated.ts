/**
 * Finds English on a page shown in Indonesian: every text node (shadow roots included) and every
 * placeholder, title and aria-label is checked against the English the client's source can show
 * (./english-strings.ts). Data (titles, names, transcript text) is not in the source, so it passes;
 * an element marked `translate="no"` (user content) is skipped.
 */
import type { Page } from 'playwright-core';
import { INDONESIAN } from '../../client/locales/id/index.ts';
import { messagePattern, normalise, readEnglishSource } from './english-strings.ts';

export interface Shown {
  text: string;
  where: string;
}

/**
 * Runs in the page: the texts a person can read or hear there. Plain JavaScript in a string, since
 * the test's compiler would decorate named inner functions with helpers the page does not have.
 */
const COLLECT_SHOWN = `(() => {
  const out = [];
  const describe = (el) => {
    const parts = [];
    for (let e = el; e && parts.length < 3; e = e.parentElement || (e.getRootNode().host || null))
      parts.unshift(e.localName + (e.id ? '#' + e.id : ''));
    return parts.join(' > ');
  };
  const walk = (root) => {
    for (let n = root.firstChild; n; n = n.nextSibling) {
      if (n.nodeType === Node.TEXT_NODE) {
        const p = n.parentElement;
        if (p && !['SCRIPT', 'STYLE', 'TEXTAREA', 'CODE', 'KBD'].includes(p.tagName) && !p.closest('[translate="no"]'))
          out.push({ text: n.textContent || '', where: describe(p) });
      } else if (n instanceof Element) {
        if (n.closest('[translate="no"]')) continue;
        for (const a of ['placeholder', 'title', 'aria-label']) {
          const v = n.getAttribute(a);
          if (v) out.push({ text: v, where: describe(n) + ' [' + a + ']' });
        }
        if (n.shadowRoot) walk(n.shadowRoot);
        walk(n);
      }
    }
  };
  walk(document.body);
  return out;
})()`;

export class UntranslatedFinder {
  private readonly exact = new Set<string>();
  private readonly patterns: [RegExp, string][] = [];

  constructor() {
    const src = readEnglishSource();
    const same = (t: string) => INDONESIAN[t] === t;
    for (const t of src.texts) if (!same(t)) this.exact.add(t);
    for (const m of [...src.messages.keys(), ...src.built]) {
      if (same(m)) continue;
      if (!/\{\d+\}/.test(m)) this.exact.add(normalise(m));
      // a pattern needs enough fixed words to mean something ("{0} {1}" would match anything)
      else if (/[A-Za-z]{3}/.test(m.replace(/\{\d+\}/g, ''))) this.patterns.push([messagePattern(m), m]);
    }
  }

  /** Each English text the page shows, with where it sits. */
  async find(page: Page): Promise<string[]> {
    const shown = (await page.evaluate(COLLECT_SHOWN)) as Shown[];
    const found: string[] = [];
    for (const { text, where } of shown) {
      const t = normalise(text);
      if (!/[A-Za-z]{2}/.test(t)) continue;
      if (this.exact.has(t)) found.push(`"${t}" at ${where}`);
      else {
        const hit = this.patterns.find(([re]) => re.test(t));
        if (hit) found.push(`"${t}" (from "${hit[1]}") at ${where}`);
      }
    }
    return [...new Set(found)];
  }
}
