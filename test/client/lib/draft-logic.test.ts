import { expect } from 'chai';
import { decideDraft, type LocalDraft } from '../../../client/lib/draft-logic.ts';

const server = [{ speaker: 'A', start: 1, text: 'saved' }];
const mine = [{ speaker: 'A', start: 1, text: 'saved and more' }];
const local = (over: Partial<LocalDraft>): LocalDraft => ({
  turns: mine,
  baseVersion: 3,
  savedAt: 0,
  acked: false,
  ...over,
});

describe('restoring a locally kept draft', () => {
  it('uses the server text when nothing unsent is kept', () => {
    expect(decideDraft(null, server, 3).kind).to.equal('server');
    expect(decideDraft(local({ acked: true }), server, 3).kind).to.equal('server');
    expect(decideDraft(local({ turns: server, baseVersion: 1 }), server, 3).kind).to.equal('server');
  });

  it('restores unsent edits made on the current version', () => {
    expect(decideDraft(local({}), server, 3)).to.deep.equal({ kind: 'restore', turns: mine });
  });

  it('reports a conflict with both texts when the server moved on', () => {
    expect(decideDraft(local({ baseVersion: 2 }), server, 3)).to.deep.equal({
      kind: 'conflict',
      mine,
      theirs: server,
      serverVersion: 3,
    });
  });
});
