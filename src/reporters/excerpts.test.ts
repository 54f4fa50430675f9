import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FindingLocation } from '../core/report.js';
import type { ResourceRef } from '../core/resource.js';
import { MASK, maskCredentials, sourceExcerpts } from './excerpts.js';

const masked = (text: string): string[] => {
  const lines = text.split('\n');
  return lines.map((_, i) => maskCredentials(lines, i).text);
};

const deployment: ResourceRef = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api', namespace: 'shop' };
const at = (file: string, line: number, column = 1): FindingLocation => ({ file, line, column, exact: true });

describe('credential masking', () => {
  it('masks env values whose name is a credential, in block and flow style, and keeps the others', () => {
    const out = masked(
      [
        'env:',
        '  - name: DB_PASSWORD',
        '    value: hunter2',
        '  - name: LOG_LEVEL',
        '    value: debug',
        '  - {name: API_TOKEN, value: "abc123"}',
        '  - {name: MODE, value: fast}',
      ].join('\n'),
    );
    assert.equal(out[2], `    value: ${MASK}`);
    assert.equal(out[4], '    value: debug');
    assert.equal(out[5], `  - {name: API_TOKEN, value: ${MASK}}`);
    assert.equal(out[6], '  - {name: MODE, value: fast}');
  });

  it('masks values of credential keys but not booleans, names of secrets or references to them', () => {
    const out = masked(
      [
        'password: plain',
        'apiKey: 12345',
        "token: 'quoted'  # a comment",
        'automountServiceAccountToken: false',
        'secretName: tls-certs',
        'tokenExpirationSeconds: 3600',
        '"client_secret": "abc",',
      ].join('\n'),
    );
    assert.deepEqual(out, [
      `password: ${MASK}`,
      `apiKey: ${MASK}`,
      `token: ${MASK}  # a comment`,
      'automountServiceAccountToken: false',
      'secretName: tls-certs',
      'tokenExpirationSeconds: 3600',
      `"client_secret": ${MASK},`,
    ]);
  });

  it('masks every value under data, stringData and binaryData, including block scalars', () => {
    const out = masked(
      ['data:', '  foo: YmFy', '  config.yaml: |', '    user: x', '    port: 5432', '', 'stringData: {a: b, "c": "d"}', 'metadata:', '  name: x'].join('\n'),
    );
    assert.deepEqual(out, [
      'data:',
      `  foo: ${MASK}`,
      '  config.yaml: |',
      `    ${MASK}`,
      `    ${MASK}`,
      '',
      `stringData: {a: ${MASK}, "c": ${MASK}}`,
      'metadata:',
      '  name: x',
    ]);
  });

  it('masks the lines of a block scalar held by a credential key', () => {
    assert.deepEqual(masked('privateKey: |\n  MIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n  line2\nother: 1'), ['privateKey: |', `  ${MASK}`, `  ${MASK}`, 'other: 1']);
  });

  it('masks credentials in minified JSON, tracking nesting', () => {
    const json = JSON.stringify({
      items: [
        { kind: 'Deployment', env: [{ name: 'SECRET_KEY', value: 'v1' }, { name: 'MODE', value: 'm' }] },
        { kind: 'Secret', data: { 'tls.crt': 'LS0t', foo: 'YmFy' }, metadata: { name: 'n' } },
      ],
    });
    const [line] = masked(json);
    assert.equal(
      line,
      `{"items":[{"kind":"Deployment","env":[{"name":"SECRET_KEY","value":${MASK}},{"name":"MODE","value":"m"}]},{"kind":"Secret","data":{"tls.crt":${MASK},"foo":${MASK}},"metadata":{"name":"n"}}]}`,
    );
  });

  it('masks what looks like a credential anywhere: URL passwords, JWTs, cloud keys, bearer tokens, PEM, random tokens', () => {
    const out = masked(
      [
        'value: postgres://admin:s3cret@db:5432/app',
        'args: ["--token=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abcdefghijk"]',
        'command: [aws, --key, AKIAABCDEFGHIJKLMNOP]',
        'header: Bearer abcdefghijklmnop',
        'cert: -----BEGIN PRIVATE KEY----- MIIB',
        'x: wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY123',
      ].join('\n'),
    );
    assert.deepEqual(out, [
      `value: postgres://admin:${MASK}@db:5432/app`,
      `args: ["--token=${MASK}"]`,
      `command: [aws, --key, ${MASK}]`,
      `header: Bearer ${MASK}`,
      `cert: ${MASK}`,
      `x: ${MASK}`,
    ]);
  });

  it('keeps image digests, names and ordinary fields', () => {
    const lines = [
      'image: ghcr.io/acme/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
      'name: payments-api-deployment-with-a-very-long-name',
      'runAsUser: 0',
      '  - name: certs',
      '    secret: {secretName: tls-certs}',
    ];
    assert.deepEqual(masked(lines.join('\n')), lines);
  });
});

describe('source excerpts', () => {
  const text = ['apiVersion: apps/v1', 'kind: Deployment', 'spec:', '  a: 1', '  b: 2', '  c: 3', '---', 'kind: Pod', 'x: 1'].join('\n');
  const excerpts = sourceExcerpts(new Map([['m.yaml', text]]));

  it('gives two lines either side of the located line', () => {
    assert.deepEqual(excerpts(at('m.yaml', 4), deployment), {
      file: 'm.yaml',
      firstLine: 2,
      focusLine: 4,
      lines: ['kind: Deployment', 'spec:', '  a: 1', '  b: 2', '  c: 3'],
      masked: false,
    });
  });

  it('never crosses a document separator', () => {
    assert.deepEqual(excerpts(at('m.yaml', 6), deployment)?.lines, ['  a: 1', '  b: 2', '  c: 3']);
    assert.deepEqual(excerpts(at('m.yaml', 8), deployment)?.lines, ['kind: Pod', 'x: 1']);
  });

  it('shows nothing of Secret objects, of unknown files or of lines past the end', () => {
    assert.equal(excerpts(at('m.yaml', 4), { apiVersion: 'v1', kind: 'Secret', name: 's' }), undefined);
    assert.equal(excerpts(at('other.yaml', 1), deployment), undefined);
    assert.equal(excerpts(at('m.yaml', 99), deployment), undefined);
  });

  it('reads the rendered stream of Helm output, where the scanner read it', () => {
    const source = sourceExcerpts(new Map([['rendered.yaml', '# Source: c/templates/d.yaml\nkind: Deployment\nspec:\n  x: 1\n']]));
    const excerpt = source({ file: 'c/templates/d.yaml', line: 3, column: 3, exact: true, rendered: { file: 'rendered.yaml', line: 4, column: 3, by: 'helm' } }, deployment);
    assert.equal(excerpt?.file, 'rendered.yaml');
    assert.equal(excerpt?.focusLine, 4);
    assert.deepEqual(excerpt?.lines, ['kind: Deployment', 'spec:', '  x: 1', '']);
  });

  it('cuts a long line around the column and masks it first', () => {
    const long = `{"spec":{"padding":"${'p'.repeat(400)}","env":[{"name":"TOKEN","value":"abc"}],"rest":"${'r'.repeat(400)}"}}`;
    const column = long.indexOf('"env"') + 1;
    const excerpt = sourceExcerpts(new Map([['m.json', long]]))(at('m.json', 1, column), deployment);
    assert.equal(excerpt?.lines.length, 1);
    const line = excerpt?.lines[0] ?? '';
    assert.ok(line.startsWith('…') && line.endsWith('…'), line);
    assert.ok(line.length <= 242);
    assert.ok(line.includes(`"env":[{"name":"TOKEN","value":${MASK}}]`), line);
    assert.equal(excerpt?.masked, true);
  });
});
