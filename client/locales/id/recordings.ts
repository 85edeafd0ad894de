/** Bahasa Indonesia: recordings. */
import type { Catalog } from '../../i18n/catalog.ts';

export default {
  'Could not load the recordings: {0}': 'Rekaman tidak dapat dimuat: {0}',
  'Your recordings': 'Rekaman Anda',
  'No recordings yet. Upload one above.': 'Belum ada rekaman. Unggah satu di atas.',
  Title: 'Judul',
  Status: 'Status',
  Segments: 'Segmen',
  Duration: 'Durasi',
  'Segments approved for {0}': 'Segmen yang disetujui untuk {0}',
  '{0}/{1} approved': '{0}/{1} disetujui',
  'Search transcripts': 'Cari transkrip',
  'Search transcripts: words, "a phrase", or a prefix*': 'Cari transkrip: kata, "sebuah frasa", atau awalan*',
  Search: 'Cari',
  'Searching…': 'Mencari…',
  'No completed transcript contains “{0}”.': 'Tidak ada transkrip selesai yang memuat “{0}”.',
  'Search results': 'Hasil pencarian',
  'More results': 'Hasil lainnya',
  '{0} at {1}': '{0} pada {1}',
  'Interrupted? Choose the same file again above to continue.':
    'Terputus? Pilih berkas yang sama lagi di atas untuk melanjutkan.',
} satisfies Catalog;
