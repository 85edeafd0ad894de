import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { catalogConflicts, messageId, toTemplates, type Catalog } from '../../../client/i18n/catalog.ts';
import { INDONESIAN } from '../../../client/locales/id/index.ts';
import { readEnglishSource } from '../../helpers/english-strings.ts';
import { runtimeMsg } from '@lit/localize/internal/runtime-msg.js';
import { str } from '@lit/localize';

const AREAS = path.resolve(import.meta.dirname, '../../../client/locales/id');

async function areaCatalogs(): Promise<Record<string, Catalog>> {
  const out: Record<string, Catalog> = {};
  for (const f of fs.readdirSync(AREAS).filter((n) => n.endsWith('.ts') && n !== 'index.ts')) {
    out[f] = ((await import(path.join(AREAS, f))) as { default: Catalog }).default;
  }
  return out;
}

const placeholders = (t: string) => [...t.matchAll(/\{(\d+)\}/g)].map((m) => m[1]).sort();

describe('Bahasa Indonesia catalog', () => {
  const source = readEnglishSource();

  it('has an Indonesian text for every English message the pages show', () => {
    const missing = [...source.messages]
      .filter(([en]) => !(en in INDONESIAN))
      .map(([en, at]) => `${at}: ${en}`);
    expect(missing, 'add these to client/locales/id/<area>.ts').to.deep.equal([]);
  });

  it('keeps every placeholder of the English in the Indonesian', () => {
    const wrong = Object.entries(INDONESIAN)
      .filter(([en, id]) => placeholders(en).join() !== placeholders(id).join())
      .map(([en, id]) => `${en} → ${id}`);
    expect(wrong).to.deep.equal([]);
  });

  it('lists every area file in the index and translates no English text two ways', async () => {
    const areas = await areaCatalogs();
    const merged = Object.assign({}, ...Object.values(areas)) as Catalog;
    expect(Object.keys(INDONESIAN).sort(), 'an area file is missing from locales/id/index.ts').to.deep.equal(
      Object.keys(merged).sort(),
    );
    expect(catalogConflicts(areas)).to.deep.equal([]);
  });

  it('gives @lit/localize the translation, with the values moved where the Indonesian puts them', () => {
    const templates = toTemplates({ 'Hello {0}': 'Halo {0}', '{0} of {1}': '{1} dari {0}' });
    const who = 'Sari';
    expect(runtimeMsg(templates, str`Hello ${who}`, undefined)).to.equal('Halo Sari');
    expect(runtimeMsg(templates, str`${3} of ${5}`, undefined)).to.equal('5 dari 3');
    expect(templates[messageId('Hello {0}')]).to.not.equal(undefined);
    expect(runtimeMsg(templates, 'Untranslated', undefined)).to.equal('Untranslated');
  });
});
