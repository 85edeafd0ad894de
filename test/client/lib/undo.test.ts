import { expect } from 'chai';
import { COALESCE_MS, TurnHistory } from '../../../client/lib/undo.ts';
import type { Turn } from '../../../client/types.ts';

const turns = (...texts: string[]): Turn[] => texts.map((text, i) => ({ speaker: 'Budi', start: i, text }));

describe('turn undo history', () => {
  it('takes back typing a phrase at a time, and a delete as one step', () => {
    const h = new TurnHistory();
    const a = turns('');
    h.record(a, 'typing', 'text:0', 1000);
    h.record(turns('H'), 'typing', 'text:0', 1200); // same phrase: no new step
    const typed = turns('Halo', 'Apa kabar');
    h.record(typed, 'deleting', 'delete:1', 1300);
    expect(h.undoLabel).to.equal('deleting');
    expect(h.undo(turns('Halo'))).to.deep.equal(typed);
    expect(h.undo(typed)).to.deep.equal(a);
    expect(h.undo(a)).to.equal(null);
    expect(h.redo(a)).to.deep.equal(typed);
    expect(h.redoLabel).to.equal('deleting');
  });

  it('starts a new step after a pause in typing, and forgets the redo on a new change', () => {
    const h = new TurnHistory();
    h.record(turns(''), 'typing', 'text:0', 0);
    h.record(turns('Halo'), 'typing', 'text:0', COALESCE_MS + 1);
    expect(h.undo(turns('Halo semua'))).to.deep.equal(turns('Halo'));
    h.record(turns('Halo'), 'speaker', 'speaker:0', 5000);
    expect(h.redoLabel).to.equal(null);
  });
});
