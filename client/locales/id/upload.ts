/** Bahasa Indonesia: upload. */
import type { Catalog } from '../../i18n/catalog.ts';

export default {
  Waiting: 'Menunggu',
  'Connection lost — retrying…': 'Koneksi terputus — mencoba lagi…',
  Stopped: 'Dihentikan',
  'Upload complete': 'Unggahan selesai',
  'Not audio or video, left out: {0}.': 'Bukan audio atau video, tidak disertakan: {0}.',
  'Choose or drop at least one audio or video file first.':
    'Pilih atau jatuhkan setidaknya satu berkas audio atau video terlebih dahulu.',
  'Choose the language of the meeting (several, or Mixed, if need be).':
    'Pilih bahasa rapat (boleh beberapa, atau Campuran bila perlu).',
  '{0}: {1}': '{0}: {1}',
  'Cancelled.': 'Dibatalkan.',
  'Upload recordings': 'Unggah rekaman',
  'Drag and drop audio or video files here, or': 'Seret dan lepas berkas audio atau video di sini, atau',
  'Audio or video files': 'Berkas audio atau video',
  'An interrupted upload continues where it stopped when you choose the same file again.':
    'Unggahan yang terputus berlanjut dari titik berhentinya bila Anda memilih berkas yang sama lagi.',
  'Defaults to the file name': 'Bawaan: nama berkas',
  'Participants (comma-separated)': 'Peserta (dipisah koma)',
  'Segment length (seconds, optional)': 'Panjang segmen (detik, opsional)',
  Upload: 'Unggah',
  'Upload 1 file': 'Unggah 1 berkas',
  'Upload {0} files': 'Unggah {0} berkas',
  'Chosen files': 'Berkas terpilih',
  'Remove {0}': 'Hapus {0}',
  Remove: 'Hapus',
  'Languages spoken': 'Bahasa yang digunakan',
  'Mixed or other': 'Campuran atau lainnya',
  Uploads: 'Unggahan',
  '{0} of {1}': '{0} dari {1}',
  'Open recording {0}': 'Buka rekaman {0}',
  Retry: 'Coba lagi',
  Cancel: 'Batal',
  'Dismiss {0}': 'Tutup {0}',
  Dismiss: 'Tutup',
  'Upload progress for {0}': 'Kemajuan unggahan {0}',
  'Retry continues from where it stopped. After closing this page, choose the same file again to continue.':
    'Coba lagi melanjutkan dari titik berhentinya. Setelah halaman ini ditutup, pilih berkas yang sama lagi untuk melanjutkan.',
  'The connection dropped. Press Retry to continue from where it stopped.':
    'Koneksi terputus. Tekan Coba lagi untuk melanjutkan dari titik berhentinya.',
  'File too large (limit {0}).': 'Berkas terlalu besar (batas {0}).',
  'File too large (over the limit the server sets).': 'Berkas terlalu besar (melebihi batas server).',
  'Your session ended. Sign in again, then choose the file again to resume.':
    'Sesi Anda berakhir. Masuk lagi, lalu pilih berkas itu lagi untuk melanjutkan.',
  View: 'Lihat',
} satisfies Catalog;
