/**
 * What kind of network an IP address belongs to, after the IANA special-purpose address
 * registries (RFC 6890 and successors). Webhook targets use it to stay away from the server's own
 * host and network; it is pure so that it can be tested range by range.
 */
import { isIPv4, isIPv6 } from 'node:net';

export type AddressKind =
  | 'public'
  | 'loopback'
  /** RFC 1918 (10/8, 172.16/12, 192.168/16) and the local-use IPv6/IPv4 translation prefix. */
  | 'private'
  /** Carrier-grade NAT, 100.64.0.0/10 (RFC 6598). */
  | 'shared'
  /** fc00::/7 (RFC 4193). */
  | 'unique-local'
  | 'link-local'
  /** 0.0.0.0/8 and ::, which a connect() on Linux takes to mean this host. */
  | 'unspecified'
  | 'multicast'
  | 'broadcast'
  /** Documentation, benchmarking, future use, deprecated and unassigned space. */
  | 'reserved';

/** A range whose kind is the kind of the IPv4 address carried in bits [shift, shift + 32). */
interface Embeds {
  embedsIPv4At: bigint;
}
interface Range {
  prefix: bigint;
  bits: number;
  is: AddressKind | Embeds;
}

function v4(text: string): bigint {
  return text.split('.').reduce((n, part) => (n << 8n) | BigInt(Number(part)), 0n);
}

function v6(text: string): bigint {
  let s = text;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (dotted) {
    const n = v4(dotted[1]);
    s = `${s.slice(0, dotted.index)}${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
  }
  const [head, tail] = s.split('::') as [string, string | undefined];
  const words = (part: string): string[] => (part ? part.split(':') : []);
  const left = words(head);
  const right = tail === undefined ? [] : words(tail);
  const all = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return all.reduce((n, w) => (n << 16n) | BigInt(parseInt(w, 16)), 0n);
}

function range(text: string, is: Range['is'], family: 4 | 6): Range {
  const [base, bits] = text.split('/');
  const width = family === 4 ? 32 : 128;
  return {
    prefix: (family === 4 ? v4(base) : v6(base)) >> BigInt(width - Number(bits)),
    bits: Number(bits),
    is,
  };
}

// Longest prefix first, so the first match is the most specific one.
const byLength = (a: Range, b: Range): number => b.bits - a.bits;

const IPV4: Range[] = (
  [
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
    ['255.255.255.255/32', 'broadcast'],
  ] as const
)
  .map(([r, k]) => range(r, k, 4))
  .sort(byLength);

const IPV6: Range[] = (
  [
    ['::/128', 'unspecified'],
    ['::1/128', 'loopback'],
    // IPv4-mapped and NAT64 addresses reach the IPv4 address they carry; 6to4 routes towards it.
    ['::ffff:0:0/96', { embedsIPv4At: 0n }],
    ['64:ff9b::/96', { embedsIPv4At: 0n }],
    ['2002::/16', { embedsIPv4At: 80n }],
    // IPv4-compatible (deprecated) and IPv4-translated forms: no legitimate receiver uses them.
    ['::/96', 'reserved'],
    ['::ffff:0:0:0/96', 'reserved'],
    ['64:ff9b:1::/48', 'private'],
    ['100::/64', 'reserved'],
    ['2001::/23', 'reserved'],
    ['2001:db8::/32', 'reserved'],
    ['3fff::/20', 'reserved'],
    ['5f00::/16', 'reserved'],
    ['fc00::/7', 'unique-local'],
    ['fe80::/10', 'link-local'],
    ['fec0::/10', 'reserved'],
    ['ff00::/8', 'multicast'],
    // Global unicast is 2000::/3; everything else is unassigned.
    ['2000::/3', 'public'],
    ['::/0', 'reserved'],
  ] as const
)
  .map(([r, k]) => range(r, k, 6))
  .sort(byLength);

function lookUp(table: Range[], n: bigint, width: number): Range | undefined {
  return table.find((r) => n >> BigInt(width - r.bits) === r.prefix);
}

function kindOf(n: bigint, family: 4 | 6): AddressKind {
  const width = family === 4 ? 32 : 128;
  const r = lookUp(family === 4 ? IPV4 : IPV6, n, width);
  if (!r) return 'public';
  if (typeof r.is === 'string') return r.is;
  return kindOf((n >> r.is.embedsIPv4At) & 0xffffffffn, 4);
}

/**
 * The kind of `address` (IPv4 dotted quad or IPv6, optionally with a `%zone`). Anything that is not
 * an IP address counts as `reserved`: callers refuse what they cannot classify.
 */
export function addressKind(address: string): AddressKind {
  const bare = address.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  if (isIPv4(bare)) return kindOf(v4(bare), 4);
  if (isIPv6(bare)) return kindOf(v6(bare), 6);
  return 'reserved';
}

const PHRASE: Record<AddressKind, string> = {
  public: 'a public address',
  loopback: 'a loopback address (this host)',
  private: 'a private-network address',
  shared: 'a carrier-grade NAT address (100.64.0.0/10)',
  'unique-local': 'a unique-local IPv6 address',
  'link-local': 'a link-local address',
  unspecified: 'an unspecified address (this host)',
  multicast: 'a multicast address',
  broadcast: 'the broadcast address',
  reserved: 'a reserved address',
};

export const describeKind = (kind: AddressKind): string => PHRASE[kind];
