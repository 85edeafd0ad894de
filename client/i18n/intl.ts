/**
 * The BCP-47 tag that Intl formats dates and numbers with: the page language's. Kept apart from
 * i18n.ts (which needs a DOM) so the pure formatters stay importable in Node, by the server too.
 */
let tag = 'en';

export function intlLocale(): string {
  return tag;
}

export function setIntlLocale(next: string): void {
  tag = next;
}
