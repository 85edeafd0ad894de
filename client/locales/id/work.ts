/** Bahasa Indonesia: work. */
import type { Catalog } from '../../i18n/catalog.ts';

export default {
  'Could not load your segments: {0}': 'Segmen Anda tidak dapat dimuat: {0}',
  'Nothing is waiting for review right now. Try again in a few minutes.':
    'Tidak ada yang menunggu tinjauan saat ini. Coba lagi beberapa menit lagi.',
  'No segments are waiting right now. Try again in a few minutes.':
    'Tidak ada segmen yang menunggu saat ini. Coba lagi beberapa menit lagi.',
  'Could not claim a segment: {0}': 'Segmen tidak dapat diambil: {0}',
  'Transcription work': 'Pekerjaan transkripsi',
  'Claiming…': 'Mengambil…',
  'Claim next segment': 'Ambil segmen berikutnya',
  'Takes the oldest submitted segment and holds it for you while you review.':
    'Mengambil segmen terkirim yang paling lama dan menahannya untuk Anda selama meninjau.',
  'Takes the next open segment and holds it for you while you type.':
    'Mengambil segmen terbuka berikutnya dan menahannya untuk Anda selama mengetik.',
  'Segments you hold': 'Segmen yang Anda pegang',
  'You hold no segments.': 'Anda tidak memegang segmen apa pun.',
  'Segment {0}': 'Segmen {0}',
  'lease {0}': 'sewa {0}',
} satisfies Catalog;
