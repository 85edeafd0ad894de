import { expect } from 'chai';
import fc from 'fast-check';
import { addressKind, type AddressKind } from '../../../server/services/address-kind.ts';

// The expected ranges are written out again here, from the IANA registries, rather than read from
// the module: a typo in the module's table must show up as a failing row.
const IPV4: [cidr: string, kind: AddressKind][] = [
  ['0.0.0.0/8', 'unspecified'],
  ['10.0.0.0/8', 'private'],
  ['100.64.0.0/10', 'shared'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local'],
  ['172.16.0.0/12', 'private'],
  ['192.0.0.0/24', 'reserved'],
  ['192.0.2.0/24', 'reserved'],
  ['192.88.99.0/24', 'reserved'],
  ['192.168.0.0/16', 'private'],
  ['198.18.0.0/15', 'reserved'],
  ['198.51.100.0/24', 'reserved'],
  ['203.0.113.0/24', 'reserved'],
  ['224.0.0.0/4', 'multicast'],
  ['240.0.0.0/4', 'reserved'],
];

const toInt = (ip: string): number => ip.split('.').reduce((n, p) => n * 256 + Number(p), 0);
const toIp = (n: number): string => [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
const hex = (n: number): string => `${Math.floor(n / 65536).toString(16)}:${(n % 65536).toString(16)}`;

function bounds(cidr: string): [first: number, last: number] {
  const [base, bits] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  return [toInt(base), toInt(base) + size - 1];
}

/** The expected kind of an IPv4 address, from the table above (public outside every range). */
function expectedV4(n: number): AddressKind {
  if (n === 0xffffffff) return 'broadcast';
  const hit = IPV4.find(([cidr]) => {
    const [first, last] = bounds(cidr);
    return n >= first && n <= last;
  });
  return hit ? hit[1] : 'public';
}

const anyV4 = fc.integer({ min: 0, max: 0xffffffff });

describe('address kinds (where a webhook may not go)', () => {
  describe('IPv4 ranges, at their edges and just outside', () => {
    for (const [cidr, kind] of IPV4) {
      it(`${cidr} is ${kind}, from its first to its last address`, () => {
        const [first, last] = bounds(cidr);
        for (const n of [first, first + 1, Math.floor((first + last) / 2), last - 1, last]) {
          // 240.0.0.0/4 ends with the broadcast address, the one address with a kind of its own.
          expect(addressKind(toIp(n)), toIp(n)).to.equal(n === 0xffffffff ? 'broadcast' : kind);
        }
        for (const n of [first - 1, last + 1].filter((x) => x >= 0 && x <= 0xffffffff)) {
          expect(addressKind(toIp(n)), toIp(n)).to.equal(expectedV4(n));
        }
      });
    }

    it('255.255.255.255 is broadcast; its neighbour is reserved', () => {
      expect(addressKind('255.255.255.255')).to.equal('broadcast');
      expect(addressKind('255.255.255.254')).to.equal('reserved');
    });

    it('ordinary public addresses are public, next to the private ranges too', () => {
      for (const ip of ['8.8.8.8', '1.1.1.1', '9.255.255.255', '11.0.0.0', '100.63.255.255', '100.128.0.0']) {
        expect(addressKind(ip), ip).to.equal('public');
      }
      for (const ip of ['126.255.255.255', '128.0.0.0', '172.15.255.255', '172.32.0.0', '192.167.255.255']) {
        expect(addressKind(ip), ip).to.equal('public');
      }
    });

    it('every IPv4 address gets the kind of the range it lies in (property)', () => {
      fc.assert(
        fc.property(anyV4, (n) => addressKind(toIp(n)) === expectedV4(n)),
        { numRuns: 20_000 },
      );
    });
  });

  describe('IPv4 carried in IPv6', () => {
    it('IPv4-mapped addresses have the kind of the IPv4 address, dotted or in hex (property)', () => {
      fc.assert(
        fc.property(anyV4, (n) => {
          const want = expectedV4(n);
          return (
            addressKind(`::ffff:${toIp(n)}`) === want &&
            addressKind(`::ffff:${hex(n)}`) === want &&
            addressKind(`0:0:0:0:0:ffff:${hex(n)}`) === want &&
            addressKind(`[::ffff:${hex(n)}]`) === want
          );
        }),
        { numRuns: 5_000 },
      );
    });

    it('NAT64 (64:ff9b::/96) and 6to4 (2002::/16) addresses have the kind of the IPv4 address they reach', () => {
      fc.assert(
        fc.property(anyV4, (n) => {
          const want = expectedV4(n);
          return addressKind(`64:ff9b::${hex(n)}`) === want && addressKind(`2002:${hex(n)}::1`) === want;
        }),
        { numRuns: 5_000 },
      );
      expect(addressKind('64:ff9b::7f00:1')).to.equal('loopback');
      expect(addressKind('64:ff9b::10.0.0.1')).to.equal('private');
      expect(addressKind('2002:7f00:1::')).to.equal('loopback');
      expect(addressKind('2002:c0a8:101::1')).to.equal('private');
      expect(addressKind('2002:808:808::1')).to.equal('public');
    });

    it('IPv4-compatible and IPv4-translated forms are refused whatever they carry', () => {
      for (const ip of ['::127.0.0.1', '::7f00:1', '::8.8.8.8', '::ffff:0:7f00:1', '::ffff:0:808:808']) {
        expect(addressKind(ip), ip).to.equal('reserved');
      }
    });
  });

  describe('IPv6 ranges', () => {
    const table: [string, AddressKind][] = [
      ['::', 'unspecified'],
      ['0:0:0:0:0:0:0:0', 'unspecified'],
      ['::1', 'loopback'],
      ['0:0:0:0:0:0:0:1', 'loopback'],
      ['::2', 'reserved'],
      ['64:ff9b:1::1', 'private'],
      ['100::1', 'reserved'],
      ['2001::1', 'reserved'], // Teredo
      ['2001:2::1', 'reserved'], // benchmarking
      ['2001:db8::1', 'reserved'],
      ['2001:db8:ffff:ffff:ffff:ffff:ffff:ffff', 'reserved'],
      ['3fff::1', 'reserved'],
      ['5f00::1', 'reserved'],
      ['fc00::', 'unique-local'],
      ['fd12:3456:789a::1', 'unique-local'],
      ['fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'unique-local'],
      ['fe80::', 'link-local'],
      ['fe80::1%eth0', 'link-local'],
      ['febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'link-local'],
      ['fec0::1', 'reserved'],
      ['ff02::1', 'multicast'],
      ['ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'multicast'],
      ['1::', 'reserved'], // outside 2000::/3: unassigned
      ['4000::1', 'reserved'],
      ['fb00::1', 'reserved'],
      ['2000::', 'public'],
      ['2001:4860:4860::8888', 'public'],
      ['2001:200::1', 'public'], // just past 2001::/23
      ['2606:4700:4700::1111', 'public'],
      ['3ffe:ffff::1', 'public'],
      ['3fff:1000::1', 'public'], // just past 3fff::/20
      ['[2a00:1450::1]', 'public'],
    ];
    for (const [ip, kind] of table) {
      it(`${ip} is ${kind}`, () => expect(addressKind(ip)).to.equal(kind));
    }

    it('global unicast outside the special ranges is public (property)', () => {
      const word = fc.integer({ min: 0, max: 0xffff });
      fc.assert(
        fc.property(
          fc.integer({ min: 0x2400, max: 0x3ffe }),
          fc.array(word, { minLength: 7, maxLength: 7 }),
          (w0, rest) => addressKind([w0, ...rest].map((w) => w.toString(16)).join(':')) === 'public',
        ),
        { numRuns: 5_000 },
      );
    });
  });

  it('anything that is not an IP address is reserved, so it is refused', () => {
    for (const s of [
      '',
      'localhost',
      'example.com',
      '127.1',
      '2130706433',
      '0177.0.0.1',
      '1.2.3.4.5',
      ':::',
    ]) {
      expect(addressKind(s), s).to.equal('reserved');
    }
  });
});
