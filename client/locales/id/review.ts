/** Bahasa Indonesia: review. */
import type { Catalog } from '../../i18n/catalog.ts';

export default {
  'No recordings are in transcription or review.':
    'Tidak ada rekaman yang sedang ditranskripsi atau ditinjau.',
  'Recordings to review': 'Rekaman untuk ditinjau',
  'Could not load the recording: {0}': 'Rekaman tidak dapat dimuat: {0}',
  'Segment {0} is open again for transcription.': 'Segmen {0} terbuka lagi untuk transkripsi.',
  'Could not reopen segment {0}: {1}': 'Segmen {0} tidak dapat dibuka kembali: {1}',
  'Speaker names saved in every segment.': 'Nama pembicara disimpan di setiap segmen.',
  '{0} segments, {1} approved': '{0} segmen, {1} disetujui',
  'participants: {0}': 'peserta: {0}',
  'Merged transcript': 'Transkrip gabungan',
  'segment {0} · {1}': 'segmen {0} · {1}',
  'closed automatically: no speech': 'ditutup otomatis: tidak ada ucapan',
  'Reopen segment {0}': 'Buka kembali segmen {0}',
  'No text yet.': 'Belum ada teks.',
  'Type a new name for at least one speaker first.':
    'Ketik nama baru untuk setidaknya satu pembicara terlebih dahulu.',
  'Could not rename the speakers: {0}': 'Pembicara tidak dapat diganti namanya: {0}',
  'Speaker names': 'Nama pembicara',
  'In the text': 'Di dalam teks',
  'Rename to': 'Ganti nama menjadi',
  'New name for {0}': 'Nama baru untuk {0}',
  'No speakers yet.': 'Belum ada pembicara.',
  'Speaker names saved.': 'Nama pembicara disimpan.',
  'Save speaker names': 'Simpan nama pembicara',
} satisfies Catalog;
