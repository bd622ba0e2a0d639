/**
 * Where a feed's redirect may lead. The configured feed URLs are the operator's and are fetched as they
 * are; a redirect is the feed host's say, so it is followed only to an http(s) URL, never from https to
 * http, and only to a host whose every address is public: not loopback, private (RFC 1918, ULA),
 * link-local, CGNAT, a cloud metadata address, or another special-purpose range. A host name is resolved
 * (dns.lookup, as fetch will) before it is followed.
 *
 * The policy is injectable: the local stack serves its sample feeds on 127.0.0.1 and allows loopback
 * explicitly. Not covered: a name whose answer changes between this lookup and fetch's own (DNS
 * rebinding); pinning the checked address would need a custom HTTP agent in every function bundle.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

export const ADDRESS_CLASSES = ['metadata', 'unspecified', 'loopback', 'private', 'link-local', 'cgnat', 'multicast', 'reserved'] as const;
export type AddressClass = (typeof ADDRESS_CLASSES)[number];

export interface RedirectPolicy {
  /** Address classes a redirect may lead to besides public ones (the local stack: loopback). */
  allow?: readonly AddressClass[];
  /** Every address of a host name (default: dns.lookup with all: true). */
  lookup?: (hostname: string) => Promise<string[]>;
}

/** Ranges by class, most specific first: a metadata address is link-local too, and named for what it is. */
const RANGES: [AddressClass, string, number][] = [
  // AWS EC2 and ECS task metadata, Azure's wire server, Alibaba Cloud's metadata (in CGNAT space).
  ['metadata', '169.254.169.254', 32],
  ['metadata', '169.254.170.2', 32],
  ['metadata', 'fd00:ec2::254', 128],
  ['metadata', '168.63.129.16', 32],
  ['metadata', '100.100.100.200', 32],
  // 0.0.0.0 reaches this host on Linux.
  ['unspecified', '0.0.0.0', 8],
  ['unspecified', '::', 128],
  ['loopback', '127.0.0.0', 8],
  ['loopback', '::1', 128],
  ['private', '10.0.0.0', 8],
  ['private', '172.16.0.0', 12],
  ['private', '192.168.0.0', 16],
  ['private', 'fc00::', 7],
  ['private', 'fec0::', 10],
  ['link-local', '169.254.0.0', 16],
  ['link-local', 'fe80::', 10],
  ['cgnat', '100.64.0.0', 10],
  ['multicast', '224.0.0.0', 4],
  ['multicast', 'ff00::', 8],
  // IETF protocol assignments, benchmarking, class E and broadcast; IPv6 forms that carry an IPv4
  // address (IPv4-compatible, NAT64, 6to4, Teredo) and could carry any of the above, and discard-only.
  ['reserved', '192.0.0.0', 24],
  ['reserved', '198.18.0.0', 15],
  ['reserved', '240.0.0.0', 4],
  ['reserved', '::', 96],
  ['reserved', '64:ff9b::', 96],
  ['reserved', '64:ff9b:1::', 48],
  ['reserved', '2002::', 16],
  ['reserved', '2001::', 32],
  ['reserved', '100::', 64],
];

/** One BlockList per range, in order (BlockList also matches IPv4-mapped IPv6, ::ffff:10.0.0.1, to IPv4 rules). */
const LISTS: [AddressClass, BlockList][] = RANGES.map(([kind, network, prefix]) => {
  const list = new BlockList();
  list.addSubnet(network, prefix, isIP(network) === 6 ? 'ipv6' : 'ipv4');
  return [kind, list];
});

/** The class of an IP address literal; null for a public address (or something that is not an IP). */
export function addressClass(ip: string): AddressClass | null {
  const family = isIP(ip);
  if (family === 0) return null;
  const type = family === 6 ? 'ipv6' : 'ipv4';
  for (const [kind, list] of LISTS) if (list.check(ip, type)) return kind;
  return null;
}

/** Address classes from a comma-separated list (the local stack's setting); throws on an unknown one. */
export function parseAddressClasses(value: string): AddressClass[] {
  const out: AddressClass[] = [];
  for (const word of value.split(',').map((w) => w.trim()).filter((w) => w !== '')) {
    const kind = ADDRESS_CLASSES.find((c) => c === word);
    if (kind === undefined) throw new Error(`unknown address class "${word.slice(0, 40)}" (one of ${ADDRESS_CLASSES.join(', ')})`);
    out.push(kind);
  }
  return out;
}

const defaultLookup = async (hostname: string): Promise<string[]> =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

/**
 * Why a redirect from `from` to `to` is refused, or null when it may be followed. Never throws: a host
 * that does not resolve is a refusal too (fetch could not reach it either).
 */
export async function refuseRedirect(from: URL, to: URL, policy: RedirectPolicy = {}): Promise<string | null> {
  if (to.protocol !== 'http:' && to.protocol !== 'https:') return 'not http(s)';
  if (from.protocol === 'https:' && to.protocol === 'http:') return 'from https to http';
  const allow = new Set(policy.allow ?? []);
  const host = to.hostname.startsWith('[') ? to.hostname.slice(1, -1) : to.hostname;
  let addresses: string[];
  if (isIP(host) !== 0) addresses = [host];
  else {
    try {
      addresses = await (policy.lookup ?? defaultLookup)(host);
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      return `${host} does not resolve${typeof code === 'string' ? ` (${code})` : ''}`;
    }
    if (addresses.length === 0) return `${host} does not resolve`;
  }
  for (const address of addresses) {
    const kind = addressClass(address);
    if (kind !== null && !allow.has(kind)) {
      const what = `${kind === 'unspecified' ? 'an' : 'a'} ${kind} address`;
      return address === host ? `${address} is ${what}` : `${host} resolves to ${address}, ${what}`;
    }
  }
  return null;
}
