import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatNormalizedImage, normalizeImage } from './images.js';

describe('normalizeImage (as the runtime resolves a reference)', () => {
  const cases: readonly [string, string, string | undefined, string | undefined][] = [
    ['nginx', 'docker.io/library/nginx', 'latest', undefined],
    ['nginx:1.25', 'docker.io/library/nginx', '1.25', undefined],
    ['bitnami/redis:7.2', 'docker.io/bitnami/redis', '7.2', undefined],
    ['docker.io/nginx:1.25', 'docker.io/library/nginx', '1.25', undefined],
    ['index.docker.io/library/nginx', 'docker.io/library/nginx', 'latest', undefined],
    ['localhost:5000/x', 'localhost:5000/x', 'latest', undefined],
    ['localhost/team/app:2', 'localhost/team/app', '2', undefined],
    ['ghcr.io/org/App:v1', 'ghcr.io/org/app', 'v1', undefined],
    ['registry.example.com:443/a/b/c:1.0-rc1', 'registry.example.com:443/a/b/c', '1.0-rc1', undefined],
    [`nginx@sha256:${'a'.repeat(64)}`, 'docker.io/library/nginx', undefined, `sha256:${'a'.repeat(64)}`],
    [`nginx:1.25@sha256:${'b'.repeat(64)}`, 'docker.io/library/nginx', '1.25', `sha256:${'b'.repeat(64)}`],
  ];
  for (const [input, repository, tag, digest] of cases) {
    it(input, () => {
      const normalized = normalizeImage(input);
      assert.equal(normalized.repository, repository);
      assert.equal(normalized.tag, tag);
      assert.equal(normalized.digest, digest);
    });
  }
  it('formats a pinned reference by its digest: the digest wins over the tag', () => {
    assert.equal(formatNormalizedImage(normalizeImage(`nginx:1.25@sha256:${'b'.repeat(64)}`)), `docker.io/library/nginx@sha256:${'b'.repeat(64)}`);
    assert.equal(formatNormalizedImage(normalizeImage('nginx')), 'docker.io/library/nginx:latest');
  });
});
