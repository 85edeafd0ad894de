/**
 * The page language: English (the source) or Bahasa Indonesia. Chosen from the account setting,
 * else the browser's languages (what it sends as Accept-Language); remembered in localStorage so the
 * first paint after a reload is already in the right language.
 *
 * Convention (see the "i18n convention" section of the notes): wrap every text a person reads in
 * `msg('English')` or `msg(str`… ${x} …`)`, called at render time (never at module level), and add
 * the Indonesian to `client/locales/id/<area>.ts`.
 */
import { configureLocalization, msg, str, updateWhenLocaleChanges } from '@lit/localize';
import { toTemplates } from './catalog.ts';
import { INDONESIAN } from '../locales/id/index.ts';
import { setIntlLocale } from './intl.ts';

export { msg, str, updateWhenLocaleChanges };

export const LOCALES = ['en', 'id'] as const;
export type Locale = (typeof LOCALES)[number];

export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', id: 'Bahasa Indonesia' };

const STORAGE_KEY = 'notula.locale';

const localization = configureLocalization({
  sourceLocale: 'en',
  targetLocales: ['id'],
  loadLocale: () => Promise.resolve({ templates: toTemplates(INDONESIAN) }),
});

export function isLocale(v: unknown): v is Locale {
  return typeof v === 'string' && (LOCALES as readonly string[]).includes(v);
}

/** The account's choice wins; otherwise the first of the browser's languages Notula speaks. */
export function pickLocale(account: string | null | undefined, browser: readonly string[]): Locale {
  if (isLocale(account)) return account;
  for (const tag of browser) {
    const primary = tag.toLowerCase().split('-')[0];
    // "in" is the old ISO code for Indonesian, still sent by some Android browsers.
    if (primary === 'id' || primary === 'in') return 'id';
    if (primary === 'en') return 'en';
  }
  return 'en';
}

export function currentLocale(): Locale {
  const l = localization.getLocale();
  return isLocale(l) ? l : 'en';
}

/** BCP-47 tag for Intl: English keeps the browser's own English variant (dates as the user knows them). */
function intlTag(locale: Locale): string {
  if (locale === 'id') return 'id-ID';
  return navigator.languages.find((t) => t.toLowerCase().startsWith('en')) ?? 'en';
}

/** Switches every localized component and `<html lang>`; remembered for the next page load. */
export async function applyLocale(locale: Locale): Promise<void> {
  document.documentElement.lang = locale;
  setIntlLocale(intlTag(locale));
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // storage can be off (private mode); the account or the browser decides again next time
  }
  if (currentLocale() !== locale) await localization.setLocale(locale);
}

/** Before anyone is signed in: the last language used in this browser, else the browser's. */
export function initialLocale(): Locale {
  let stored: string | null = null;
  try {
    stored = localStorage.getItem(STORAGE_KEY);
  } catch {
    stored = null;
  }
  return pickLocale(stored, navigator.languages);
}
