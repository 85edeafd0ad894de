/**
 * Bahasa Indonesia for orders: the turnaround and the client's rules at upload and in the editor,
 * deadlines on the client's pages, the admin's backlog, order settings and rates, and earnings.
 */
import type { Catalog } from '../../i18n/catalog.ts';

export default {
  // Upload form and the client's pages
  Turnaround: 'Waktu pengerjaan',
  '{0} ({1} h)': '{0} ({1} jam)',
  Default: 'Bawaan',
  Verbatim: 'Verbatim',
  'Clean (no fillers or false starts)': 'Bersih (tanpa kata pengisi atau awal kalimat yang salah)',
  'Full (every word as spoken)': 'Lengkap (setiap kata seperti diucapkan)',
  'Instructions for the transcribers (optional)': 'Petunjuk untuk transkriber (opsional)',
  'Names and terms (comma or line separated, optional)':
    'Nama dan istilah (dipisah koma atau baris baru, opsional)',
  Deadline: 'Tenggat',
  'Due {0}': 'Tenggat {0}',
  'expected {0}': 'perkiraan selesai {0}',
  'at risk': 'berisiko terlambat',
  'Timestamps (txt, Word)': 'Stempel waktu (txt, Word)',
  'At every turn': 'Di setiap giliran',
  'Every 30 s': 'Setiap 30 dtk',
  'Every 60 s': 'Setiap 60 dtk',
  None: 'Tidak ada',

  // The client's rules in the editor
  "The client's rules": 'Ketentuan klien',
  'Full verbatim: type every word as spoken — fillers, false starts, repetitions and stutters.':
    'Verbatim lengkap: ketik setiap kata seperti diucapkan — kata pengisi, awal kalimat yang salah, pengulangan, dan gagap.',
  'Clean verbatim: leave out fillers (uh, um), false starts and repetitions; keep the meaning.':
    'Verbatim bersih: hilangkan kata pengisi (eh, em), awal kalimat yang salah, dan pengulangan; pertahankan maknanya.',
  Instructions: 'Petunjuk',
  Glossary: 'Glosarium',
  'Style guide': 'Panduan gaya',
  '1 word differs slightly from a glossary term (underlined).':
    '1 kata sedikit berbeda dari istilah glosarium (bergaris bawah).',
  '{0} words differ slightly from a glossary term (underlined).':
    '{0} kata sedikit berbeda dari istilah glosarium (bergaris bawah).',
  'glossary term in turn {0}': 'istilah glosarium di giliran {0}',
  'Glossary: {0}': 'Glosarium: {0}',
  'Alt+G fixes the word at the caret, or the first': 'Alt+G memperbaiki kata di kursor, atau yang pertama',
  fixes: 'memperbaiki',
  'Accept the glossary term offered under the text': 'Terima istilah glosarium yang ditawarkan di bawah teks',
  'Replace the underlined word with its glossary term':
    'Ganti kata bergaris bawah dengan istilah glosariumnya',

  // Admin: tabs and backlog
  Backlog: 'Tumpukan kerja',
  'Orders & rates': 'Pesanan & tarif',
  'Could not load the backlog: {0}': 'Tumpukan kerja tidak dapat dimuat: {0}',
  'Throughput over the last 24 hours:': 'Kapasitas selama 24 jam terakhir:',
  'of approved audio per hour.': 'audio disetujui per jam.',
  'Open audio by deadline': 'Audio terbuka menurut tenggat',
  Due: 'Tenggat',
  'Open audio': 'Audio terbuka',
  Overdue: 'Lewat tenggat',
  'Later, or no deadline': 'Nanti, atau tanpa tenggat',
  'At risk': 'Berisiko terlambat',
  'Recordings at risk': 'Rekaman yang berisiko terlambat',
  Tier: 'Tingkat',
  Expected: 'Perkiraan selesai',
  'not estimable yet': 'belum dapat diperkirakan',
  'No recording is expected to miss its deadline.':
    'Tidak ada rekaman yang diperkirakan melewati tenggatnya.',

  // Admin: order settings and rates
  'Could not load the settings: {0}': 'Pengaturan tidak dapat dimuat: {0}',
  'Order settings saved.': 'Pengaturan pesanan disimpan.',
  'Rates saved: segments approved from now on earn at them.':
    'Tarif disimpan: segmen yang disetujui mulai sekarang dibayar dengan tarif ini.',
  'Orders of an organisation': 'Pesanan sebuah organisasi',
  'Turnaround tiers (name=hours, comma-separated)': 'Tingkat waktu pengerjaan (nama=jam, dipisah koma)',
  'Default tier': 'Tingkat bawaan',
  'Style guide (Markdown, at most 20,000 characters)':
    'Panduan gaya (Markdown, paling banyak 20.000 karakter)',
  'Glossary (one term a line; “term — note”)': 'Glosarium (satu istilah per baris; “istilah — catatan”)',
  'Changing the tiers never moves a deadline already set.':
    'Mengubah tingkat tidak pernah menggeser tenggat yang sudah ditetapkan.',
  'Save order settings': 'Simpan pengaturan pesanan',
  'Create an organisation first.': 'Buat organisasi terlebih dahulu.',
  'Transcriber rates per audio minute': 'Tarif transkriber per menit audio',
  'Currency (ISO code)': 'Mata uang (kode ISO)',
  'Extra for full verbatim': 'Tambahan untuk verbatim lengkap',
  'Save rates': 'Simpan tarif',

  // Earnings
  Earnings: 'Pendapatan',
  'My work': 'Pekerjaan saya',
  'Could not load the earnings: {0}': 'Pendapatan tidak dapat dimuat: {0}',
  Month: 'Bulan',
  'Payroll CSV': 'CSV penggajian',
  'full verbatim': 'verbatim lengkap',
  'clean verbatim': 'verbatim bersih',
  'Approved audio': 'Audio disetujui',
  '{0} min': '{0} mnt',
  Earned: 'Diperoleh',
  Order: 'Pesanan',
  Amount: 'Jumlah',
  'No segment was approved this month yet.': 'Belum ada segmen yang disetujui bulan ini.',
} satisfies Catalog;
