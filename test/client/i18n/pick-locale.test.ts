import { expect } from 'chai';
import { pickLocale } from '../../../client/i18n/i18n.ts';

describe('the page language', () => {
  it('follows the account first, then the first of the browser’s languages Notula speaks', () => {
    expect(pickLocale('id', ['en-US'])).to.equal('id');
    expect(pickLocale('en', ['id-ID'])).to.equal('en');
    expect(pickLocale(null, ['fr-FR', 'id-ID', 'en'])).to.equal('id');
    expect(pickLocale(undefined, ['nl', 'en-GB', 'id'])).to.equal('en');
    // Older Android browsers still send the withdrawn code "in" for Indonesian.
    expect(pickLocale(null, ['in-ID'])).to.equal('id');
    expect(pickLocale('xx', ['fr'])).to.equal('en');
  });
});
