/** Entry point of the browser bundle: picks the language first, then registers the shell (and every page). */
import { applyLocale, initialLocale } from './i18n/i18n.ts';

// The first paint is already in the remembered (or the browser's) language; the account's setting
// follows as soon as the session is known.
await applyLocale(initialLocale());
await import('./components/nt-app/define.ts');
