import { ADDRESS_CLASSES, addressClass, parseAddressClasses, refuseRedirect, type AddressClass } from '../../../lambdas/jobs/redirects';

describe('addressClass', () => {
  const cases: [string, AddressClass | null][] = [
    // metadata, named before the range it sits in
    ['169.254.169.254', 'metadata'],
    ['169.254.170.2', 'metadata'],
    ['fd00:ec2::254', 'metadata'],
    ['168.63.129.16', 'metadata'],
    ['100.100.100.200', 'metadata'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['::', 'unspecified'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['::1', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['fec0::1', 'private'],
    ['169.254.1.1', 'link-local'],
    ['fe80::1', 'link-local'],
    ['febf::1', 'link-local'],
    ['100.64.0.1', 'cgnat'],
    ['100.127.255.255', 'cgnat'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['240.0.0.1', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['192.0.0.8', 'reserved'],
    // IPv4 inside IPv6: mapped ones are classed as their IPv4 address; the rest are refused as reserved
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:a00:1', 'private'],
    ['::ffff:169.254.169.254', 'metadata'],
    ['::7f00:1', 'reserved'],
    ['64:ff9b::a00:1', 'reserved'],
    ['2002:a00:1::1', 'reserved'],
    ['2001:0:a00:1::1', 'reserved'],
    // public, and the edges of the ranges
    ['8.8.8.8', null],
    ['1.1.1.1', null],
    ['172.15.255.255', null],
    ['172.32.0.0', null],
    ['100.63.255.255', null],
    ['100.128.0.0', null],
    ['169.253.255.255', null],
    ['11.0.0.1', null],
    ['2606:4700:4700::1111', null],
    ['::ffff:8.8.8.8', null],
    ['not an address', null],
  ];
  it.each(cases)('%s → %p', (ip, kind) => {
    expect(addressClass(ip)).toBe(kind);
  });
});

describe('refuseRedirect', () => {
  const from = new URL('https://board.example/feed');
  const noLookup = async (host: string): Promise<string[]> => {
    throw new Error(`unexpected lookup of ${host}`);
  };

  it.each([
    // The WHATWG parser turns every spelling of an IPv4 address into dotted decimal first.
    ['https://169.254.169.254/latest/meta-data/', '169.254.169.254 is a metadata address'],
    ['https://2130706433/', '127.0.0.1 is a loopback address'],
    ['https://0x7f.1/', '127.0.0.1 is a loopback address'],
    ['https://127.1/', '127.0.0.1 is a loopback address'],
    ['https://0/', '0.0.0.0 is an unspecified address'],
    ['https://[::1]:8443/', '::1 is a loopback address'],
    ['https://[0:0:0:0:0:ffff:7f00:1]/', '::ffff:7f00:1 is a loopback address'],
    ['https://[fe80::1]/', 'fe80::1 is a link-local address'],
    ['https://[fd00::5]/', 'fd00::5 is a private address'],
    ['https://100.64.1.1/', '100.64.1.1 is a cgnat address'],
    ['https://192.168.0.10/', '192.168.0.10 is a private address'],
  ])('refuses %s (%s) without a lookup', async (to, reason) => {
    expect(await refuseRedirect(from, new URL(to), { lookup: noLookup })).toBe(reason);
  });

  it('refuses https → http, even to a public address, and anything but http(s)', async () => {
    expect(await refuseRedirect(from, new URL('http://8.8.8.8/feed'), { lookup: noLookup })).toBe('from https to http');
    expect(await refuseRedirect(from, new URL('ftp://8.8.8.8/feed'), { lookup: noLookup })).toBe('not http(s)');
    expect(await refuseRedirect(new URL('http://board.example/'), new URL('https://8.8.8.8/feed'), { lookup: noLookup })).toBeNull();
    expect(await refuseRedirect(new URL('http://board.example/'), new URL('http://8.8.8.8/feed'), { lookup: noLookup })).toBeNull();
  });

  it('resolves a host name and refuses it when any of its addresses is not public', async () => {
    const looked: string[] = [];
    const lookup = async (host: string) => {
      looked.push(host);
      return { 'cdn.example': ['203.0.113.5', '2001:db8::5'], 'split.example': ['203.0.113.6', '10.9.8.7'], 'rebind.example': ['::ffff:169.254.169.254'] }[host] ?? [];
    };
    expect(await refuseRedirect(from, new URL('https://cdn.example/feed'), { lookup })).toBeNull();
    expect(await refuseRedirect(from, new URL('https://split.example/feed'), { lookup })).toBe('split.example resolves to 10.9.8.7, a private address');
    expect(await refuseRedirect(from, new URL('https://rebind.example/'), { lookup })).toBe('rebind.example resolves to ::ffff:169.254.169.254, a metadata address');
    expect(await refuseRedirect(from, new URL('https://nothing.example/'), { lookup })).toBe('nothing.example does not resolve');
    expect(looked).toEqual(['cdn.example', 'split.example', 'rebind.example', 'nothing.example']);
  });

  it('refuses a host that fails to resolve, with the error code, and never throws', async () => {
    const lookup = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND gone.example'), { code: 'ENOTFOUND' });
    };
    expect(await refuseRedirect(from, new URL('https://gone.example/'), { lookup })).toBe('gone.example does not resolve (ENOTFOUND)');
    const weird = async () => {
      throw null;
    };
    expect(await refuseRedirect(from, new URL('https://gone.example/'), { lookup: weird })).toBe('gone.example does not resolve');
  });

  it('resolves "localhost" with the real dns.lookup, and refuses it by default', async () => {
    expect(await refuseRedirect(from, new URL('https://localhost:9/feed'))).toMatch(/^localhost resolves to (127\.0\.0\.1|::1), a loopback address$/);
  });

  it('allows exactly the classes the policy names', async () => {
    const allow = { allow: ['loopback'] as const, lookup: async () => ['127.0.0.1'] };
    expect(await refuseRedirect(from, new URL('https://127.0.0.1:3000/feed'), allow)).toBeNull();
    expect(await refuseRedirect(from, new URL('https://localhost/feed'), allow)).toBeNull();
    expect(await refuseRedirect(from, new URL('https://[::1]/feed'), allow)).toBeNull();
    expect(await refuseRedirect(from, new URL('https://10.0.0.1/feed'), allow)).toBe('10.0.0.1 is a private address');
    // Allowing link-local does not open the metadata address inside it.
    expect(await refuseRedirect(from, new URL('http://169.254.169.254/'), { allow: ['link-local'] })).toBe('from https to http');
    expect(await refuseRedirect(new URL('http://a.example/'), new URL('http://169.254.169.254/'), { allow: ['link-local'] })).toBe(
      '169.254.169.254 is a metadata address',
    );
    expect(await refuseRedirect(new URL('http://a.example/'), new URL('http://169.254.1.1/'), { allow: ['link-local'] })).toBeNull();
  });
});

describe('parseAddressClasses', () => {
  it('reads a comma-separated list and refuses unknown classes', () => {
    expect(parseAddressClasses('')).toEqual([]);
    expect(parseAddressClasses(' loopback , private ')).toEqual(['loopback', 'private']);
    expect(parseAddressClasses(ADDRESS_CLASSES.join(','))).toEqual([...ADDRESS_CLASSES]);
    expect(() => parseAddressClasses('loopback,everything')).toThrow(/unknown address class "everything"/);
  });
});
