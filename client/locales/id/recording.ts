/** Bahasa Indonesia: recording. */
import type { Catalog } from '../../i18n/catalog.ts';

export default {
  'Press Play to listen from {0}.': 'Tekan Putar untuk mendengarkan dari {0}.',
  'Could not load this recording: {0}': 'Rekaman ini tidak dapat dimuat: {0}',
  'The waveform appears once the recording has been processed.':
    'Bentuk gelombang muncul setelah rekaman selesai diproses.',
  'The waveform is not available yet ({0}).': 'Bentuk gelombang belum tersedia ({0}).',
  'Could not load the transcript: {0}': 'Transkrip tidak dapat dimuat: {0}',
  'Could not delete the recording: {0}': 'Rekaman tidak dapat dihapus: {0}',
  'All recordings': 'Semua rekaman',
  'uploaded {0}': 'diunggah {0}',
  'language {0}': 'bahasa {0}',
  mixed: 'campuran',
  'Processing failed: {0}': 'Pemrosesan gagal: {0}',
  'unknown reason': 'alasan tidak diketahui',
  'Processing {0}': 'Memproses {0}',
  'Segments approved: {0} of {1}': 'Segmen disetujui: {0} dari {1}',
  Audio: 'Audio',
  'Waveform of {0}': 'Bentuk gelombang {0}',
  'Download transcript': 'Unduh transkrip',
  'Download {0}': 'Unduh {0}',
  'Downloads are available once the recording is completed.': 'Unduhan tersedia setelah rekaman selesai.',
  Delete: 'Hapus',
  'Delete recording': 'Hapus rekaman',
  Transcript: 'Transkrip',
  'Delete “{0}”?': 'Hapus “{0}”?',
  'The audio, its segments and the transcript are deleted for good. This cannot be undone.':
    'Audio, segmennya, dan transkripnya dihapus selamanya. Ini tidak dapat dibatalkan.',
  'Deleting…': 'Menghapus…',
  'The transcript appears here once it is completed.': 'Transkrip muncul di sini setelah selesai.',
  'No speech was found in this recording.': 'Tidak ada ucapan yang ditemukan dalam rekaman ini.',
  'Play from here': 'Putar dari sini',
} satisfies Catalog;
