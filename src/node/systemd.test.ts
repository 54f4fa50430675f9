import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseEnvironmentFile, parseSystemdUnit } from './systemd.js';

describe('systemd units', () => {
  it('reads sections, continuation lines, quoted words, prefixes, and where each word is', () => {
    const text = '[Unit]\nDescription=x\n\n[Service]\n# comment\nExecStart=-/usr/local/bin/k3s \\\n    server \\\n\t"--node-label=a b" \\\n\n';
    const { object, positions } = parseSystemdUnit(text);
    const directives = object['directives'] as Record<string, unknown>[];
    assert.deepEqual(directives.map((d) => [d['section'], d['key']]), [['Unit', 'Description'], ['Service', 'ExecStart']]);
    assert.deepEqual(directives[1]?.['words'], ['/usr/local/bin/k3s', 'server', '--node-label=a b']);
    assert.deepEqual(positions.get('directives[1]'), { line: 6, column: 1 });
    assert.deepEqual(positions.get('directives[1].words[0]'), { line: 6, column: 12 }, 'after the - prefix');
    assert.deepEqual(positions.get('directives[1].words[1]'), { line: 7, column: 5 });
    assert.deepEqual(positions.get('directives[1].words[2]'), { line: 8, column: 2 });
  });

  it('splits Environment= into assignments, each value into words with their columns', () => {
    const text = '[Service]\nEnvironment="A=--x=1 --y" B=--z\n';
    const { object, positions } = parseSystemdUnit(text);
    const assignments = (object['directives'] as Record<string, unknown>[])[0]?.['assignments'];
    assert.deepEqual(assignments, [
      { name: 'A', value: '--x=1 --y', words: ['--x=1', '--y'] },
      { name: 'B', value: '--z', words: ['--z'] },
    ]);
    assert.deepEqual(positions.get('directives[0].assignments[0].words[1]'), { line: 2, column: 22 });
    assert.deepEqual(positions.get('directives[0].assignments[1].words[0]'), { line: 2, column: 29 });
  });
});

describe('environment files', () => {
  it('reads NAME=value lines, quoted or not, skipping comments, with each word located', () => {
    const text = '# kubeadm\nKUBELET_KUBEADM_ARGS="--a=1 --b=2"\n; other\nKUBELET_EXTRA_ARGS=--c\nNOT A VARIABLE\n';
    const { object, positions } = parseEnvironmentFile(text);
    assert.deepEqual(object['variables'], [
      { name: 'KUBELET_KUBEADM_ARGS', value: '--a=1 --b=2', words: ['--a=1', '--b=2'] },
      { name: 'KUBELET_EXTRA_ARGS', value: '--c', words: ['--c'] },
    ]);
    assert.deepEqual(positions.get('variables[0].words[1]'), { line: 2, column: 29 });
    assert.deepEqual(positions.get('variables[1].words[0]'), { line: 4, column: 20 });
  });
});
