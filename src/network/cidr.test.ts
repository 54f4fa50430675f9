import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatRange, parseAddress, parseCidr, parseIPv4, parseIPv6, rangeContains, reachesAnyOf, type AddressRange } from './cidr.js';

const cidr = (text: string): AddressRange => {
  const range = parseCidr(text, true);
  assert.ok(range, `${text} parses`);
  return range;
};
const reaches = (target: string, block: string, excepts: string[] = []): boolean => reachesAnyOf(cidr(target), cidr(block), excepts.map(cidr));

describe('IP addresses', () => {
  it('parses IPv4 and refuses what Go refuses', () => {
    assert.equal(parseIPv4('169.254.169.254'), 0xa9fea9fen);
    assert.equal(parseIPv4('0.0.0.0'), 0n);
    assert.equal(parseIPv4('255.255.255.255'), 0xffffffffn);
    for (const bad of ['256.1.1.1', '1.2.3', '1.2.3.4.5', '01.2.3.4', '1.2.3.x', '', '1..2.3']) assert.equal(parseIPv4(bad), undefined, bad);
  });

  it('parses IPv6 with :: compression and IPv4 tails', () => {
    assert.equal(parseIPv6('::'), 0n);
    assert.equal(parseIPv6('::1'), 1n);
    assert.equal(parseIPv6('fd00:ec2::254'), (0xfd00n << 112n) | (0xec2n << 96n) | 0x254n);
    assert.equal(parseIPv6('FD00:EC2:0:0:0:0:0:254'), parseIPv6('fd00:ec2::254'));
    assert.equal(parseIPv6('::ffff:169.254.169.254'), (0xffffn << 32n) | 0xa9fea9fen);
    for (const bad of ['1::2::3', '1:2:3:4:5:6:7:8:9', '12345::', 'g::1', '1:2:3:4:5:6:7', 'fe80::1%eth0', '1:2:3:4:5:6:7:8::']) {
      assert.equal(parseIPv6(bad), undefined, bad);
    }
    assert.deepEqual(parseAddress(' 10.0.0.1 '), { family: 4, value: 0x0a000001n });
    assert.equal(parseAddress('nonsense'), undefined);
  });
});

describe('CIDR ranges', () => {
  it('reads prefixes, masking host bits as net.ParseCIDR does', () => {
    const r = cidr('10.1.2.3/8');
    assert.equal(r.first, 0x0a000000n);
    assert.equal(r.last, 0x0affffffn);
    assert.equal(formatRange(r), '10.0.0.0/8');
    assert.equal(formatRange(cidr('0.0.0.0/0')), '0.0.0.0/0');
    assert.equal(formatRange(cidr('fd00:ec2::254/128')), 'fd00:ec2::254/128');
    assert.equal(formatRange(cidr('::/0')), '::/0');
    assert.equal(formatRange(cidr('2001:db8:0:1:0:0:0:0/64')), '2001:db8:0:1::/64');
  });

  it('needs a prefix length unless bare addresses are allowed', () => {
    assert.equal(parseCidr('169.254.169.254'), undefined);
    assert.equal(cidr('169.254.169.254').prefixLength, 32);
    assert.equal(cidr('fd00:ec2::254').prefixLength, 128);
    for (const bad of ['10.0.0.0/33', '::/129', '10.0.0.0/', '10.0.0.0/-1', '10.0.0.0/8/8', 42, undefined]) {
      assert.equal(parseCidr(bad, true), undefined, String(bad));
    }
  });

  it('containment keeps the families apart', () => {
    assert.ok(rangeContains(cidr('169.254.0.0/16'), cidr('169.254.169.254/32')));
    assert.ok(!rangeContains(cidr('169.254.169.254/32'), cidr('169.254.0.0/16')));
    assert.ok(!rangeContains(cidr('::/0'), cidr('169.254.169.254/32')), 'an IPv6 block holds no IPv4 address');
    assert.ok(rangeContains(cidr('::/0'), cidr('fd00:ec2::254/128')));
  });
});

describe('reachability through an ipBlock with except', () => {
  it('an all-addresses block reaches the metadata service unless it is excepted', () => {
    assert.ok(reaches('169.254.169.254/32', '0.0.0.0/0'));
    assert.ok(!reaches('169.254.169.254/32', '0.0.0.0/0', ['169.254.169.254/32']));
    assert.ok(!reaches('169.254.169.254/32', '0.0.0.0/0', ['169.254.0.0/16']));
    assert.ok(reaches('169.254.169.254/32', '0.0.0.0/0', ['10.0.0.0/8', '169.254.169.0/30']), 'an except next to it does not cover it');
  });

  it('a block that does not hold the address never reaches it', () => {
    assert.ok(!reaches('169.254.169.254/32', '10.0.0.0/8'));
    assert.ok(!reaches('169.254.169.254/32', '::/0'));
    assert.ok(!reaches('fd00:ec2::254/128', '0.0.0.0/0'));
  });

  it('IPv6 metadata addresses follow the same rules', () => {
    assert.ok(reaches('fd00:ec2::254/128', '::/0'));
    assert.ok(reaches('fd00:ec2::254/128', 'fd00::/8', ['fd00:ec2::253/128']));
    assert.ok(!reaches('fd00:ec2::254/128', '::/0', ['fd00:ec2::/32']));
  });

  it('a wider target is reached unless the excepts cover all of its part inside the block', () => {
    assert.ok(reaches('169.254.0.0/16', '169.254.169.0/24', ['169.254.169.0/25']), 'the upper half of the /24 is left');
    assert.ok(!reaches('169.254.0.0/16', '169.254.169.0/24', ['169.254.169.0/25', '169.254.169.128/25']), 'two excepts cover it together');
    assert.ok(!reaches('169.254.169.0/24', '0.0.0.0/0', ['169.254.169.128/25', '169.254.169.0/25', '169.254.169.64/26']), 'overlapping, unsorted excepts');
    assert.ok(reaches('169.254.169.0/24', '0.0.0.0/0', ['169.254.169.0/26', '169.254.169.128/25']), 'a gap between excepts');
  });
});
