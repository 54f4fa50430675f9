import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { builtinControls } from '../controls/index.js';
import { defaultSettings } from '../engine/default-settings.js';
import { scanPaths } from '../load/scan-paths.js';
import { isDockerfile, isDockerfileName, looksLikeDockerfile, parseSourceFile } from './source-file.js';

describe('which files are Dockerfiles', () => {
  it('goes by name in folders', () => {
    const yes = ['Dockerfile', 'dockerfile', 'Containerfile', 'build/Dockerfile', 'api.Dockerfile', 'web.containerfile', 'Dockerfile.prod', 'Dockerfile.dev-alpine', 'c:\\src\\Dockerfile'];
    const no = ['Dockerfile.dockerignore', 'api.Dockerfile.dockerignore', 'Dockerfile.j2', 'Dockerfile.tmpl', 'Dockerfile.in', 'Dockerfile.md', 'Dockerfile.bak', 'Dockerfile.yaml', 'Dockerfile.prod.old', 'Dockerfiles', 'docker-compose.yml', 'MyDockerfile'];
    assert.deepEqual(yes.filter((n) => !isDockerfileName(n)), []);
    assert.deepEqual(no.filter((n) => isDockerfileName(n)), []);
  });

  it('reads a file given by another name (or standard input) as a Dockerfile when it starts with FROM or ARG', () => {
    assert.ok(looksLikeDockerfile('# syntax=docker/dockerfile:1\n\n# base\nFROM alpine:3.20\n'));
    assert.ok(looksLikeDockerfile('\ufeffarg VERSION=1\nfrom alpine:${VERSION}\n'));
    assert.ok(!looksLikeDockerfile('apiVersion: v1\nkind: Pod\n'));
    assert.ok(!looksLikeDockerfile('FROM: alpine\n'));
    assert.ok(isDockerfile({ path: '<stdin>', text: 'FROM alpine:3.20\nUSER 1000\n' }));
    assert.ok(isDockerfile({ path: 'build/app.docker', text: 'FROM alpine:3.20\n' }));
    assert.ok(!isDockerfile({ path: 'from.yaml', text: 'FROM alpine:3.20\n' }), 'a .yaml file is always a manifest');
  });

  it('parses a Dockerfile into one resource, and its errors into input errors with lines', () => {
    const parsed = parseSourceFile({ path: 'app/Dockerfile', text: 'FROM alpine:3.20\nUSR 1000\n' });
    assert.deepEqual(parsed.resources.map((r) => [r.id, r.ref.apiVersion, r.ref.kind, r.ref.name]), [['app/Dockerfile#0', 'kubeharden.io/v1', 'Dockerfile', 'app/Dockerfile']]);
    assert.deepEqual(parsed.errors, [{ kind: 'input', file: 'app/Dockerfile', line: 2, column: 1, message: 'Dockerfile: unknown instruction: USR' }]);
    assert.deepEqual(parseSourceFile({ path: 'Dockerfile', text: 'FROM x\n' }, (kind) => kind !== 'Dockerfile'), { resources: [], errors: [] });
  });
});

describe('scanning folders with Dockerfiles', () => {
  it('picks up Dockerfiles next to manifests, leaves ignore files and templates alone, and locates findings', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubeharden-dockerfiles-'));
    mkdirSync(join(dir, 'api'));
    writeFileSync(join(dir, 'Dockerfile'), 'FROM node:22-alpine\nCMD ["node"]\n');
    writeFileSync(join(dir, 'Dockerfile.dockerignore'), 'node_modules\n');
    writeFileSync(join(dir, 'Dockerfile.j2'), 'FROM {{ base }}\n');
    writeFileSync(join(dir, 'api', 'api.Dockerfile'), `FROM alpine:3.20@sha256:${'a'.repeat(64)}\nUSER root\n`);
    writeFileSync(join(dir, 'api', 'Containerfile'), `FROM alpine:3.20@sha256:${'a'.repeat(64)}\nUSER 1000\n`);
    writeFileSync(join(dir, 'pod.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: a, image: nginx:1.27}]}\n');
    const { report, files, resources } = await scanPaths([dir], {
      controls: builtinControls,
      settings: defaultSettings,
      failOn: 'high',
      only: new Set(['NSA-POD-004']),
    });
    assert.equal(files, 4);
    assert.equal(resources, 4);
    assert.deepEqual(report.errors, []);
    assert.deepEqual(
      report.findings.map((f) => [f.messageId, f.location?.file.slice(dir.length + 1), f.location?.line, f.location?.column]),
      [
        ['noUser', 'Dockerfile', 1, 1],
        ['baseImageNoDigest', 'Dockerfile', 1, 6],
        ['rootUser', 'api/api.Dockerfile', 2, 1],
      ],
    );
    assert.deepEqual(report.summary.unknownKinds, {}, 'a Dockerfile is a known kind');
    const entry = report.controls.find((c) => c.id === 'NSA-POD-004');
    assert.deepEqual([entry?.status, entry?.evaluated, entry?.failed], ['failed', 3, 2]);
  });
});
