import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinControls } from '../controls/index.js';
import { yaml } from '../core/yaml-text.js';
import { controlNames } from './control-names.js';
import { globMatcher, isExpired, readExceptionsFile } from './exceptions.js';
import { PolicyError } from './fields.js';

const names = controlNames(builtinControls);

function errorOf(text: string): string {
  try {
    readExceptionsFile(text, 'security/exceptions.yaml', names);
  } catch (error) {
    assert.ok(error instanceof PolicyError, String(error));
    return error.message;
  }
  assert.fail('the exceptions file was accepted');
}

describe('exceptions file', () => {
  it('reads the entries of the issue\'s shape, with IDs or slugs, one value or a list', () => {
    const rules = readExceptionsFile(
      yaml`
        exceptions:
          - controls: [NSA-POD-012, added-capabilities]
            match: {kind: Deployment, namespace: shop, name: "api-*", container: app, labels: {team: payments}}
            reason: capabilities are managed by the runtime profile
            expires: "2027-06-30"
            owner: payments-team
          - controls: read-only-root-filesystem
            match: {namespace: [legacy, "old-*"], file: "charts/**"}
            reason: legacy apps
      `,
      'exceptions.yaml',
      names,
    );
    assert.deepEqual(rules, [
      {
        id: 'exceptions.yaml:2', by: 'config', controls: ['NSA-POD-012', 'NSA-POD-013'], reason: 'capabilities are managed by the runtime profile',
        owner: 'payments-team', expires: '2027-06-30', file: 'exceptions.yaml', line: 2,
        match: { kind: ['Deployment'], namespace: ['shop'], name: ['api-*'], container: ['app'], labels: { team: ['payments'] } },
      },
      {
        id: 'exceptions.yaml:7', by: 'config', controls: ['NSA-POD-005'], reason: 'legacy apps', file: 'exceptions.yaml', line: 7,
        match: { namespace: ['legacy', 'old-*'], file: ['charts/**'] },
      },
    ]);
    assert.deepEqual(readExceptionsFile('exceptions: []\n', 'e.yaml', names), []);
  });

  it('names the file, the entry and the key of every mistake', () => {
    assert.equal(errorOf('exceptions:\n  - controls: [NSA-POD-012]\n    reason: r\n    match: {knd: Deployment}\n'), 'security/exceptions.yaml:4: exceptions[0].match.knd: unknown key (did you mean "kind"?) (known keys: kind, namespace, name, container, labels, file)');
    assert.equal(errorOf('exceptions:\n  - controls: [NSA-POD-012]\n    reason: r\n  - controls: [NSA-POD-012]\n'), 'security/exceptions.yaml:4: exceptions[1]: missing required key reason (why the risk is accepted: shown with every suppressed finding)');
    assert.match(errorOf('exceptions:\n  - controls: [NSA-POD-012]\n    reason: r\n    expires: 2027-13-01\n'), /^security\/exceptions\.yaml:4: exceptions\[0\]\.expires: expected a date written YYYY-MM-DD, got "2027-13-01"$/);
    assert.match(errorOf('exceptions:\n  - controls: [drop-all-capabilitie]\n    reason: r\n'), /^security\/exceptions\.yaml:2: exceptions\[0\]\.controls\[0\]: unknown control "drop-all-capabilitie" \(did you mean "drop-all-capabilities"\?\)/);
    assert.equal(errorOf('exceptions:\n  - controls: []\n    reason: r\n'), 'security/exceptions.yaml:2: exceptions[0].controls: expected at least one value, got an empty list');
    assert.equal(errorOf('exceptions:\n  - controls: ["*", NSA-POD-001]\n    reason: r\n'), 'security/exceptions.yaml:2: exceptions[0].controls: * already means every control: list either * or control names');
    assert.equal(errorOf('exception:\n  - controls: [NSA-POD-001]\n'), 'security/exceptions.yaml:1: exception: unknown key (did you mean "exceptions"?) (known keys: exceptions)');
    assert.equal(errorOf(''), 'security/exceptions.yaml: missing required key exceptions (the accepted risks)');
    assert.equal(errorOf('exceptions:\n  - controls: [NSA-POD-001]\n    reason: r\n    match: {labels: {team: 3}}\n'), 'security/exceptions.yaml:4: exceptions[0].match.labels.team: expected a name or a glob (* matches any run of characters), got the number 3');
  });
});

describe('globs and expiry', () => {
  it('* matches any run of characters; in file paths it stays within a folder and ** crosses folders', () => {
    const name = globMatcher(['api-*', 'web']);
    assert.deepEqual(['api-1', 'api-', 'web', 'webs', 'xapi-1'].map(name), [true, true, true, false, false]);
    assert.equal(globMatcher(['a.b'])('axb'), false, 'dots are literal');
    assert.equal(globMatcher(['deployment'], { ignoreCase: true })('Deployment'), true);
    const file = globMatcher(['deploy/*.yaml', 'charts/**/values-?.yaml', '**/legacy/**'], { path: true });
    assert.deepEqual(
      ['deploy/a.yaml', 'deploy/x/a.yaml', 'charts/values-a.yaml', 'charts/x/y/values-b.yaml', 'legacy/a.yaml', 'apps/legacy/x/a.yaml', 'other/a.yaml'].map(file),
      [true, false, true, true, true, true, false],
    );
  });

  it('an exception applies through its expiry day (UTC) and expires the day after', () => {
    assert.equal(isExpired(undefined, new Date('2099-01-01T00:00:00Z')), false);
    assert.equal(isExpired('2027-03-01', new Date('2027-03-01T23:59:59Z')), false);
    assert.equal(isExpired('2027-03-01', new Date('2027-03-02T00:00:00Z')), true);
  });
});
