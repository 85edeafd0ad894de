/** Bahasa Indonesia: machine first drafts (the editor's word marks, the admin's draft figures). */
import type { Catalog } from '../../i18n/catalog.ts';

export default {
  // Editor: words the engine was unsure of.
  '1 unsure word: Tab goes to the next': '1 kata meragukan: Tab menuju ke kata berikutnya',
  '{0} unsure words: Tab goes to the next': '{0} kata meragukan: Tab menuju ke kata berikutnya',

  // Admin: quality figures.
  'Editing s per audio minute, with a draft': 'Detik penyuntingan per menit audio, dengan draf',
  '… from blank': '… dari kosong',
  'Machine drafts': 'Draf mesin',
  'Machine drafts against the approved text': 'Draf mesin dibandingkan dengan teks yang disetujui',
  Source: 'Sumber',
  'Engine or format': 'Mesin atau format',
  'Approved segments': 'Segmen disetujui',
  'Draft word error rate': 'Tingkat kesalahan kata draf',
  'ASR server': 'Server ASR',
  Imported: 'Diimpor',
  Transcribers: 'Transkriber',
} satisfies Catalog;
