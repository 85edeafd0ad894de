/**
 * What every engine's full-text index must do (`store.search`). Registered once per engine by
 * contract.test.ts. Terms come from the query parser, as the service passes them.
 */
import { expect } from 'chai';
import { parseQuery, type SearchTerm } from '../../../server/search/query.ts';
import { speakerKey } from '../../../server/search/tokens.ts';
import { SearchCursorError } from '../../../server/store/index.ts';
import type { SearchEntry, SearchRequest, SearchRow, Store } from '../../../server/store/index.ts';
import type { TestStore } from '../../helpers/store.ts';
import { rejection } from './documents.ts';

const DAY = 24 * 3600 * 1000;
const T0 = Date.UTC(2026, 0, 1);

const entry = (text: string, speaker = 'Budi', start = 0): SearchEntry => ({
  speaker,
  start,
  end: start + 5,
  text,
});

function req(q: string | SearchTerm[], more: Partial<SearchRequest> = {}): SearchRequest {
  return {
    terms: typeof q === 'string' ? parseQuery(q) : q,
    orgId: 'orga',
    limit: 20,
    cursor: null,
    ...more,
  };
}

async function texts(store: Store, q: string, more: Partial<SearchRequest> = {}): Promise<string[]> {
  return (await store.search.search(req(q, more))).rows.map((r) => r.text).sort();
}

/** Every page of a search, followed to the end. */
async function all(store: Store, r: SearchRequest): Promise<SearchRow[]> {
  const out: SearchRow[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const page = await store.search.search({ ...r, cursor });
    out.push(...page.rows);
    if (!page.nextCursor) return out;
    cursor = page.nextCursor;
  }
  throw new Error('more than 100 pages');
}

export function searchContract(open: () => Promise<TestStore>): void {
  let t: TestStore;
  beforeEach(async () => {
    t = await open();
    await t.store.search.ensureIndexes();
  });
  afterEach(() => t.dispose());

  const put = (recordingId: string, texts: Array<string | SearchEntry>, orgId = 'orga', createdAt = T0) =>
    t.store.search.replace(
      { recordingId, orgId, createdAt },
      texts.map((x, i) => (typeof x === 'string' ? entry(x, 'Budi', i * 10) : x)),
    );

  it('finds entries holding every word, in any order, whatever their case and accents', async () => {
    await put('rec1', ['Anggaran pemasaran naik', 'Pemasaran turun', 'Résumé of the ANGGARAN']);
    expect(await texts(t.store, 'anggaran')).to.deep.equal([
      'Anggaran pemasaran naik',
      'Résumé of the ANGGARAN',
    ]);
    expect(await texts(t.store, 'PEMASARAN anggaran')).to.deep.equal(['Anggaran pemasaran naik']);
    expect(await texts(t.store, 'resume')).to.deep.equal(['Résumé of the ANGGARAN']);
    expect(await texts(t.store, 'anggaran turun')).to.deep.equal([]);
  });

  it('finds an exact phrase only where its words follow one another', async () => {
    await put('rec1', ['tindak lanjut minggu depan', 'lanjut tindak', 'Tindak, lanjut!']);
    expect(await texts(t.store, '"tindak lanjut"')).to.deep.equal([
      'Tindak, lanjut!',
      'tindak lanjut minggu depan',
    ]);
  });

  it('finds prefixes, short and long, and nothing for a prefix no term begins', async () => {
    await put('rec1', ['pembayaran diterima', 'pembangunan jalan', 'pemasaran', 'bayar']);
    expect(await texts(t.store, 'pe*')).to.have.length(3);
    expect(await texts(t.store, 'pemba*')).to.deep.equal(['pembangunan jalan', 'pembayaran diterima']);
    expect(await texts(t.store, 'pembayar*')).to.deep.equal(['pembayaran diterima']);
    expect(await texts(t.store, 'pembx*')).to.deep.equal([]);
    expect(await texts(t.store, '"pembayaran dite*"')).to.deep.equal([]);
    expect(await texts(t.store, 'pembayaran-dite*')).to.deep.equal(['pembayaran diterima']);
  });

  it('finds a long prefix that begins many terms', async () => {
    const words = Array.from({ length: 150 }, (_, i) => `mengatur${i}`);
    await put('rec1', [words.slice(0, 75).join(' '), words.slice(75).join(' '), 'mengantar']);
    expect(await texts(t.store, 'mengatur*')).to.have.length(2);
    expect(await texts(t.store, 'mengatur14*')).to.have.length(2);
  });

  it('keeps organisations apart; a null organisation (admins) searches every one', async () => {
    await put('reca', ['rahasia perusahaan A'], 'orga');
    await put('recb', ['rahasia perusahaan B'], 'orgb');
    expect(await texts(t.store, 'rahasia')).to.deep.equal(['rahasia perusahaan A']);
    expect(await texts(t.store, 'rahasia', { orgId: 'orgb' })).to.deep.equal(['rahasia perusahaan B']);
    expect(await texts(t.store, 'rahasia', { orgId: 'orgc' })).to.deep.equal([]);
    expect(await texts(t.store, 'rahasia', { orgId: null })).to.have.length(2);
    expect(await texts(t.store, 'rah*', { orgId: null })).to.have.length(2);
  });

  it('filters by recording, by speaker (case and accents aside) and by the recording’s creation time', async () => {
    await put('rec1', [entry('rapat satu', 'José Santos'), entry('rapat dua', 'Sari')], 'orga', T0);
    await put('rec2', [entry('rapat tiga', 'Sari')], 'orga', T0 + 10 * DAY);
    expect(await texts(t.store, 'rapat', { recordingId: 'rec2' })).to.deep.equal(['rapat tiga']);
    expect(await texts(t.store, 'rapat', { speakerKey: speakerKey('jose  SANTOS') })).to.deep.equal([
      'rapat satu',
    ]);
    expect(await texts(t.store, 'rapat', { speakerKey: speakerKey('Jose') })).to.deep.equal([]);
    expect(await texts(t.store, 'rapat', { createdFrom: T0 + DAY })).to.deep.equal(['rapat tiga']);
    expect(await texts(t.store, 'rapat', { createdTo: T0 + DAY })).to.deep.equal(['rapat dua', 'rapat satu']);
  });

  it('returns the hit’s recording, organisation, speaker and times as filed', async () => {
    await put('rec1', [{ speaker: 'Sari', start: 12.5, end: 20, text: 'keputusan akhir' }]);
    const { rows } = await t.store.search.search(req('keputusan'));
    expect(rows).to.deep.equal([
      { recordingId: 'rec1', orgId: 'orga', speaker: 'Sari', start: 12.5, end: 20, text: 'keputusan akhir' },
    ]);
  });

  it('puts the best match first', async () => {
    await put('rec1', [
      'anggaran anggaran anggaran',
      'the budget meeting was long and the anggaran came up once among many other words',
      'anggaran dibahas',
    ]);
    const { rows } = await t.store.search.search(req('anggaran'));
    expect(rows[0].text).to.equal('anggaran anggaran anggaran');
    expect(rows.at(-1)!.text).to.match(/^the budget/);
  });

  it('replaces a recording’s entries and forgets a removed one, durably', async () => {
    await put('rec1', ['nama lama Budi']);
    await put('rec1', ['nama baru Bambang']);
    expect(await texts(t.store, 'lama')).to.deep.equal([]);
    expect(await texts(t.store, 'baru')).to.deep.equal(['nama baru Bambang']);
    await put('rec2', ['tetap ada']);
    await t.store.search.remove('rec1');
    await t.reopen();
    expect(await texts(t.store, 'baru')).to.deep.equal([]);
    expect(await texts(t.store, 'nam*')).to.deep.equal([]);
    expect(await texts(t.store, 'tetap')).to.deep.equal(['tetap ada']);
  });

  it('pages through many matches with the cursor, each hit once', async () => {
    const many = Array.from({ length: 230 }, (_, i) => `laporan nomor ${i}${i % 7 === 0 ? ' laporan' : ''}`);
    await put('rec1', many.slice(0, 120), 'orga', T0);
    await put('rec2', many.slice(120), 'orga', T0 + DAY);
    const rows = await all(t.store, req('laporan', { limit: 50 }));
    expect(rows.map((r) => r.text).sort()).to.deep.equal([...many].sort());
  });

  it('finds a rare phrase of common words by following the cursor, even past pages that hold none', async () => {
    // Every entry holds both words; only the oldest holds them in the phrase's order.
    const common = Array.from({ length: 6000 }, (_, i) => `alpha beta nomor ${i}`);
    await put('rec1', ['beta alpha di sini'], 'orga', T0);
    await put('rec2', common, 'orga', T0 + DAY);
    const rows = await all(t.store, req('"beta alpha"'));
    expect(rows.map((r) => r.text)).to.deep.equal(['beta alpha di sini']);
  });

  it('takes any term text as text, never as index syntax', async () => {
    await put('rec1', ['plain words']);
    const odd: SearchTerm[][] = [
      [{ tokens: ['"'], prefix: false }],
      [{ tokens: ['near(', 'a'], prefix: true }],
      [{ tokens: ['*'], prefix: true }],
      [{ tokens: ['and', 'or', 'not'], prefix: false }],
      [{ tokens: ['x" OR "plain'], prefix: false }],
      [{ tokens: ['.*'], prefix: true }],
    ];
    for (const terms of odd) expect((await t.store.search.search(req(terms))).rows).to.deep.equal([]);
  });

  it('refuses a cursor it did not give out', async () => {
    await put('rec1', ['kata']);
    for (const cursor of ['nonsense!', 'eyJ4IjoxfQ', Buffer.from('[1e300,null,0]').toString('base64url')])
      expect(await rejection(t.store.search.search(req('kata', { cursor })))).to.be.instanceOf(
        SearchCursorError,
      );
  });
}
