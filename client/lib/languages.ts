/**
 * The languages an upload can name: a short list for the bureau's meetings, each called by its
 * name in the page's language (Intl.DisplayNames), plus "mixed" for a meeting whose languages are
 * many or not known. Sent to the server as one comma-separated `language` field.
 */
import { intlLocale } from '../i18n/intl.ts';

export const UPLOAD_LANGUAGES = ['id', 'en', 'jv', 'su', 'ms', 'zh', 'nl', 'ar', 'ja'] as const;
/** ISO 639 "multiple languages": several, or not known ahead. */
export const MIXED = 'mul';

export function languageName(tag: string): string {
  try {
    return new Intl.DisplayNames([intlLocale()], { type: 'language' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}

/** The `language` field for the chosen tags: "mixed" stands alone; nothing chosen sends nothing. */
export function languageField(chosen: readonly string[]): string {
  if (chosen.includes(MIXED)) return MIXED;
  return UPLOAD_LANGUAGES.filter((t) => chosen.includes(t)).join(',');
}
