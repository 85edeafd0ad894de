/**
 * Bahasa Indonesia for the server's most common sentences: the server answers in English, and
 * messageOf() looks each answer up here (an answer not listed is shown as the server sent it).
 */
import type { Catalog } from '../../i18n/catalog.ts';

export default {
  'Wrong e-mail or password.': 'Email atau kata sandi salah.',
  'The current password is wrong.': 'Kata sandi saat ini salah.',
  'This account is disabled. Ask an administrator.': 'Akun ini dinonaktifkan. Hubungi administrator.',
  'Type at least one turn (or the tag [no speech]) before submitting.':
    'Ketik setidaknya satu giliran (atau tag [no speech]) sebelum mengirim.',
} satisfies Catalog;
