/** Bahasa Indonesia: people (names, invitations and password links, the return loop, the audit filter). */
import type { Catalog } from '../../i18n/catalog.ts';

export default {
  // Password pages (/invite, /reset, /forgot) and the sign-in page's link to them.
  'Forgot your password?': 'Lupa kata sandi?',
  'Forgot password': 'Lupa kata sandi',
  'Accept invitation': 'Terima undangan',
  'The two passwords differ. Type the same password twice.':
    'Kedua kata sandi berbeda. Ketik kata sandi yang sama dua kali.',
  'If an account uses this address, a link to choose a new password is on its way. It works once, for 72 hours. Nothing within a few minutes? Your administrator can send you a link from the Users page.':
    'Jika ada akun dengan alamat ini, tautan untuk memilih kata sandi baru sedang dikirim. Tautan itu hanya berlaku sekali, selama 72 jam. Belum datang juga dalam beberapa menit? Administrator Anda dapat mengirimkan tautan dari halaman Pengguna.',
  'We e-mail you a link to choose a new password.':
    'Kami akan mengirimkan tautan ke email Anda untuk memilih kata sandi baru.',
  'Send me a link': 'Kirimi saya tautan',
  'Back to sign in': 'Kembali ke halaman masuk',
  'Accept your invitation': 'Terima undangan Anda',
  'Choose a new password': 'Pilih kata sandi baru',
  'This link is incomplete. Open it again from your e-mail, or ask your administrator for a new one.':
    'Tautan ini tidak lengkap. Buka lagi dari email Anda, atau minta tautan baru kepada administrator.',
  'Ask for a new link': 'Minta tautan baru',
  'Welcome to Notula': 'Selamat datang di Notula',
  'Choose the password you will sign in with (at least 8 characters).':
    'Pilih kata sandi yang akan Anda pakai untuk masuk (minimal 8 karakter).',
  'Your old password stops working, and you are signed out everywhere else.':
    'Kata sandi lama Anda tidak berlaku lagi, dan Anda dikeluarkan dari semua perangkat lain.',
  'New password again': 'Ulangi kata sandi baru',
  'Set password and sign in': 'Tetapkan kata sandi dan masuk',
  'Save and sign in': 'Simpan dan masuk',

  // Admin: users (names, invitations, password links).
  '{0} invited.': '{0} telah diundang.',
  'Invitation e-mailed to {0}.': 'Undangan telah dikirim ke email {0}.',
  'Password link e-mailed to {0}.': 'Tautan kata sandi telah dikirim ke email {0}.',
  'New password link for {0}.': 'Tautan kata sandi baru untuk {0}.',
  '{0} is now called {1}.': 'Nama {0} sekarang {1}.',
  'Password (empty: invite)': 'Kata sandi (kosong: undang)',
  'Invite or create': 'Undang atau buat',
  'E-mail is off, so pass this invitation link on to {0} yourself (it works once, for 72 hours):':
    'Email tidak aktif, jadi teruskan sendiri tautan undangan ini kepada {0} (hanya berlaku sekali, selama 72 jam):',
  'E-mail is off, so pass this password link on to {0} yourself (it works once, for 72 hours):':
    'Email tidak aktif, jadi teruskan sendiri tautan kata sandi ini kepada {0} (hanya berlaku sekali, selama 72 jam):',
  'Link for {0}': 'Tautan untuk {0}',
  'Name of {0}': 'Nama {0}',
  '(no name)': '(tanpa nama)',
  invited: 'diundang',
  'Invite again {0}': 'Undang {0} lagi',
  'Invite again': 'Undang lagi',

  // Admin: the audit filter.
  'Filter the audit log': 'Saring log audit',
  Person: 'Orang',
  Anyone: 'Siapa saja',
  From: 'Dari',
  To: 'Sampai',
  Filter: 'Saring',
  'No entries match.': 'Tidak ada entri yang cocok.',
  'Older entries': 'Entri lebih lama',

  // The return loop: Work page and the reviewer's second pass.
  'Returned to you': 'Dikembalikan kepada Anda',
  'A reviewer sent these back with a comment. They wait for you until the time shown.':
    'Peninjau mengembalikan segmen ini dengan komentar. Segmen ini menunggu Anda hingga waktu yang tertera.',
  'kept for you until {0}': 'disimpan untuk Anda hingga {0}',
  'Fix it': 'Perbaiki',
  'Changes since it was returned': 'Perubahan sejak dikembalikan',
  'Changes since {0} submitted': 'Perubahan sejak {0} mengirim',

  // The server's sentences about people's work (shown through messageOf).
  'This link no longer works: it was used already, has expired (after 72 hours) or was replaced. Ask an administrator for a new one, or use "Forgot password".':
    'Tautan ini tidak berlaku lagi: sudah dipakai, kedaluwarsa (setelah 72 jam), atau sudah diganti. Minta tautan baru kepada administrator, atau gunakan "Lupa kata sandi".',
  'This segment is gone: its recording reached the end of its retention period and was deleted. There is nothing more to do on it; claim the next segment.':
    'Segmen ini sudah tidak ada: masa simpan rekamannya berakhir dan rekaman itu dihapus. Tidak ada lagi yang perlu dikerjakan; ambil segmen berikutnya.',
  'This segment is gone: its recording was deleted by the client. There is nothing more to do on it; claim the next segment.':
    'Segmen ini sudah tidak ada: rekamannya dihapus oleh klien. Tidak ada lagi yang perlu dikerjakan; ambil segmen berikutnya.',
  'Choose a password of at least 8 characters.': 'Pilih kata sandi minimal 8 karakter.',
} satisfies Catalog;
