import { expect } from 'chai';
import { actionFor, stepRate, type KeyLike } from '../../../client/lib/shortcuts.ts';

const key = (k: string, mods: Partial<KeyLike> = {}): KeyLike => ({
  key: k,
  ctrlKey: false,
  altKey: false,
  shiftKey: false,
  metaKey: false,
  ...mods,
});

describe('editor keyboard shortcuts', () => {
  it('leaves plain typing alone', () => {
    for (const k of ['a', ' ', 'Enter', 'ArrowLeft', 'I', '1']) expect(actionFor(key(k))).to.equal(null);
    expect(actionFor(key('Enter', { shiftKey: true }))).to.equal(null);
  });

  it('maps the documented combinations', () => {
    expect(actionFor(key(' ', { ctrlKey: true, code: 'Space' }))).to.deep.equal({ kind: 'play-pause' });
    expect(actionFor(key('ArrowLeft', { altKey: true }))).to.deep.equal({ kind: 'seek', by: -2 });
    expect(actionFor(key('.', { ctrlKey: true }))).to.deep.equal({ kind: 'seek', by: 2 });
    expect(actionFor(key('ArrowUp', { ctrlKey: true }))).to.deep.equal({ kind: 'rate', step: 1 });
    expect(actionFor(key('Enter', { ctrlKey: true }))).to.deep.equal({ kind: 'new-turn' });
    expect(actionFor(key('Enter', { ctrlKey: true, shiftKey: true }))).to.deep.equal({ kind: 'submit' });
    expect(actionFor(key('I', { ctrlKey: true }))).to.deep.equal({ kind: 'tag', tag: '[inaudible]' });
    expect(actionFor(key('k', { ctrlKey: true }))).to.deep.equal({ kind: 'tag', tag: '[crosstalk]' });
    expect(actionFor(key('l', { ctrlKey: true }))).to.deep.equal({ kind: 'tag', tag: '[laughter]' });
  });

  it('picks speakers by the physical digit key, whatever character the layout types', () => {
    expect(actionFor(key('3', { altKey: true, code: 'Digit3' }))).to.deep.equal({
      kind: 'speaker',
      index: 2,
    });
    expect(actionFor(key('¡', { altKey: true, code: 'Digit1' }))).to.deep.equal({
      kind: 'speaker',
      index: 0,
    });
    expect(actionFor(key('0', { altKey: true, code: 'Digit0' }))).to.equal(null);
  });

  it('steps the playback rate between 0.5× and 2×', () => {
    expect(stepRate(1, 1)).to.equal(1.25);
    expect(stepRate(1, -1)).to.equal(0.75);
    expect(stepRate(2, 1)).to.equal(2);
    expect(stepRate(0.5, -1)).to.equal(0.5);
  });
});

describe('undo keys', () => {
  it('maps Ctrl+Z to undo, Ctrl+Shift+Z and Ctrl+Y to redo', () => {
    const k = (key: string, o: Partial<KeyLike> = {}): KeyLike => ({
      key,
      ctrlKey: true,
      altKey: false,
      shiftKey: false,
      metaKey: false,
      ...o,
    });
    expect(actionFor(k('z'))).to.deep.equal({ kind: 'undo' });
    expect(actionFor(k('Z', { shiftKey: true }))).to.deep.equal({ kind: 'redo' });
    expect(actionFor(k('y'))).to.deep.equal({ kind: 'redo' });
  });
});
