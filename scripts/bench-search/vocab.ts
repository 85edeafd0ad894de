/**
 * Realistic meeting vocabulary for the search benchmark: common English and Indonesian words,
 * plus the inflected and affixed forms both languages build from them, drawn with a Zipf
 * distribution so that a few words are in most turns and most words are rare (as in real speech).
 */

const ENGLISH = `the of and to a in is that it for you was on are as with be this have we at not but
they from or by one had what all were when there can an your which their said if do will each about
how up out them then she many some so these would other into has more her two like him see time could
no make than first been its who now people my made over did down only way find use may water long
little very after words called just where most know get through back much before go good new write our
used me man too any day same right look think also around another came come work three word must because
does part even place well such here take why things help put years different away again off went old
number great tell men say small every found still between name should home big give air line set own
under read last never us left end along while might next sound below saw something thought both few those
always looked show large often together asked house don world going want school important until form food
keep children feet land side without boy once animals life enough took sometimes four head above kind began
almost live page got earth need far hand high year mother light parts country father let night following
picture being study second eyes soon times story boys since white days ever paper hard near sentence better
best across during today others however sure means knew try told young miles sun ways thing whole hear example
heard several change answer room sea against top turned learn point city play toward five using himself usually
meeting agenda budget minutes quarter revenue report project deadline client contract proposal schedule
manager team review approve approved approval decision decide discuss discussed discussion action item items
follow update updates plan planning target targets sales market marketing customer customers service product
products launch release risk risks issue issues cost costs price pricing invoice payment payments account
accounts board director directors chair motion vote agreed agree disagree question questions concern concerns
office staff hiring training policy policies legal compliance audit finance financial forecast growth
`;

const INDONESIAN = `yang dan di ini itu dengan untuk tidak dari dalam akan pada juga saya ke karena tersebut bisa ada
mereka lebih kami sudah atau saat oleh menjadi orang kita bahwa sebagai telah hanya dia tahun harus
banyak seperti kalau jika masih sangat bagi hari baru dapat setelah sama belum kemudian tetapi namun para
semua lain sini sana apa siapa bagaimana kapan mengapa berapa mana nanti sekarang tadi besok kemarin
rapat agenda anggaran laporan proyek klien kontrak usulan jadwal manajer tim tinjauan keputusan diskusi
tindak lanjut rencana sasaran penjualan pasar pelanggan layanan produk peluncuran risiko masalah biaya
harga tagihan pembayaran akun direksi direktur ketua suara setuju pertanyaan kantor karyawan pelatihan
kebijakan hukum audit keuangan perkiraan pertumbuhan perusahaan pemerintah daerah kota desa masyarakat
negara bapak ibu saudara teman kerja waktu uang rumah jalan air tanah makan minum pagi siang sore malam
minggu bulan depan lalu pertama kedua ketiga satu dua tiga empat lima enam tujuh delapan sembilan sepuluh
ratus ribu juta miliar persen besar kecil baik buruk benar salah cepat lambat mudah sulit penting perlu
mungkin tentu pasti hampir cukup terlalu paling sekali lagi juga pun saja lah kah dong kok sih ya nah
bicara tanya jawab kirim terima buat pakai cari lihat dengar baca tulis ambil bawa beri minta bantu
tunggu mulai selesai bayar jual beli pinjam tanam bangun jaga ajar latih ubah tambah kurang hitung catat
`;

const ID_ROOTS = `bicara tanya jawab kirim terima buat pakai cari lihat dengar baca tulis ambil bawa beri minta bantu
tunggu mulai selesai bayar jual beli pinjam tanam bangun jaga ajar latih ubah tambah kurang hitung catat
putus rencana kerja laku ikut usaha guna lapor atur kelola periksa setuju tawar tentu hubung dukung
jelas banding kembang pakai tempat temu sedia siap tahu kenal pikir rasa harap ingat lupa ganti`;

const ID_PREFIXES = ['me', 'mem', 'men', 'meng', 'ber', 'di', 'ter', 'pe', 'pen', 'per', 'se', 'ke'];
const ID_SUFFIXES = ['', 'kan', 'an', 'nya', 'i', 'lah'];
const EN_SUFFIXES = ['', 's', 'ed', 'ing', 'er', 'ly'];

const words = (s: string): string[] => s.split(/\s+/).filter(Boolean);

/** A few thousand distinct words, most frequent first (roughly: base words, then derived forms). */
export function vocabulary(): string[] {
  const out = new Set<string>();
  const en = words(ENGLISH);
  const id = words(INDONESIAN);
  // Interleave the two languages so that both have common and rare words.
  for (let i = 0; i < Math.max(en.length, id.length); i++) {
    if (i < id.length) out.add(id[i]);
    if (i < en.length) out.add(en[i]);
  }
  for (const suf of EN_SUFFIXES.slice(1)) for (const w of en.slice(150)) out.add(w + suf);
  for (const pre of ID_PREFIXES)
    for (const suf of ID_SUFFIXES) for (const r of words(ID_ROOTS)) out.add(pre + r + suf);
  return [...out];
}

/** Draws word indexes with probability ∝ 1 / (rank + 1)^s. */
export function zipf(n: number, s: number, random: () => number): () => number {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) cdf[i] = sum += 1 / Math.pow(i + 1, s);
  for (let i = 0; i < n; i++) cdf[i] /= sum;
  return () => {
    const u = random();
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/** A turn of about `chars` characters of Zipf-distributed words with some punctuation and capitals. */
export function turnText(vocab: string[], draw: () => number, random: () => number, chars: number): string {
  const words: string[] = [];
  let length = 0;
  let sentenceStart = true;
  while (length < chars) {
    let w = vocab[draw()];
    if (sentenceStart) w = w[0].toUpperCase() + w.slice(1);
    sentenceStart = random() < 0.08;
    if (sentenceStart) w += '.';
    else if (random() < 0.05) w += ',';
    words.push(w);
    length += w.length + 1;
  }
  return words.join(' ');
}

/**
 * The four kinds of query both search benchmarks time: a rare word (rank ≥ 2,000), a common word
 * (top 20), a two-word phrase as the text has it, and a prefix of 3–6 letters of a frequent word.
 */
export function queryKinds(
  vocab: string[],
  draw: () => number,
  random: () => number,
): Record<'rare' | 'common' | 'phrase' | 'prefix', () => string> {
  const rankRange = (lo: number, hi: number): string => vocab[lo + Math.floor(random() * (hi - lo))];
  const long = vocab.slice(0, 2000).filter((x) => x.length >= 6);
  return {
    rare: () => rankRange(Math.min(2000, vocab.length - 1), vocab.length),
    common: () => rankRange(0, 20),
    phrase: () => {
      const words = turnText(vocab, draw, random, 200)
        .toLowerCase()
        .split(/[^a-z]+/)
        .filter(Boolean);
      const i = Math.floor(random() * (words.length - 1));
      return `"${words[i]} ${words[i + 1]}"`;
    },
    prefix: () => {
      const w = long[Math.floor(random() * long.length)];
      return `${w.slice(0, 3 + Math.floor(random() * 4))}*`;
    },
  };
}
