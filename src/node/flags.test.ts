import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Resource } from '../core/resource.js';
import { booleanFlags, FlagSet, parseBool, parseEvictionMap, parseFlags, parseMap, type Word } from './flags.js';

const resource = { id: 'x', ref: { apiVersion: 'v1', kind: 'Pod', name: 'x' }, object: {}, origin: { type: 'inferred' } } as Resource;
const words = (...texts: string[]): Word[] => texts.map((text, i) => ({ text, at: { resource, path: ['args', i] } }));
const flags = (...texts: string[]): FlagSet => new FlagSet(parseFlags(words(...texts), booleanFlags));

describe('parseFlags', () => {
  it('reads --flag=value, --flag value, bare switches and shorthands, located at the flag word', () => {
    const set = flags('--a=1', '--b', '2', '--profiling', '--c', '-v=4', '--d=');
    assert.deepEqual(
      set.flags.map((f) => [f.name, f.value, f.bare, f.at.path[1]]),
      [
        ['a', '1', false, 0],
        ['b', '2', false, 1],
        ['profiling', 'true', true, 3],
        ['c', 'true', true, 4],
        ['v', '4', false, 5],
        ['d', '', false, 6],
      ],
    );
    assert.equal(set.nonEmpty('d'), undefined, 'an empty value sets nothing');
  });

  it('never lets a boolean switch swallow the next word, and lets a known value flag take a negative number', () => {
    const set = flags('--anonymous-auth', 'false', '--pod-max-pids', '-1', '--unknown', '--next=x');
    assert.equal(set.get('anonymous-auth')?.value, 'true');
    assert.equal(set.get('pod-max-pids')?.value, '-1');
    assert.equal(set.get('unknown')?.value, 'true');
    assert.equal(set.get('next')?.value, 'x');
  });

  it('stops at --, keeps the last of a repeated scalar, appends repeated lists', () => {
    const set = flags('--authorization-mode=Node', '--authorization-mode=RBAC,Webhook', '--v=2', '--v=5', '--', '--after=1');
    assert.equal(set.get('v')?.value, '5');
    assert.equal(set.get('after'), undefined);
    assert.deepEqual(set.list('authorization-mode').map((i) => i.item), ['Node', 'RBAC', 'Webhook']);
    assert.equal(set.list('authorization-mode')[2]?.flag.at.path[1], 1);
  });
});

describe('flag values', () => {
  it('parses booleans as Go does, maps and eviction thresholds', () => {
    assert.deepEqual(['1', 't', 'TRUE', 'True', '0', 'F', 'false', 'yes'].map(parseBool), [true, true, true, true, false, false, false, undefined]);
    assert.deepEqual([...parseMap('cpu=100m, pid=1000,broken')], [['cpu', '100m'], ['pid', '1000']]);
    assert.deepEqual([...parseEvictionMap('memory.available<100Mi,pid.available<10%')], [['memory.available', '100Mi'], ['pid.available', '10%']]);
  });
});
