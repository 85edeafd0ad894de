/** Bahasa Indonesia: player. */
import type { Catalog } from '../../i18n/catalog.ts';

export default {
  'The audio could not be played: {0}.': 'Audio tidak dapat diputar: {0}.',
  'unknown error': 'galat tidak diketahui',
  'Playback failed: {0}': 'Pemutaran gagal: {0}',
  Waveform: 'Bentuk gelombang',
  'Loading waveform…': 'Memuat bentuk gelombang…',
  Pause: 'Jeda',
  Play: 'Putar',
  'Back {0} s': 'Mundur {0} dtk',
  'Forward {0} s': 'Maju {0} dtk',
  Speed: 'Kecepatan',
  'Zoom in': 'Perbesar',
  'Zoom out': 'Perkecil',
} satisfies Catalog;
