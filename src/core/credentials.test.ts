import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultSettings } from '../engine/default-settings.js';
import { isLiteralCredential, isSensitiveKey, maskSecret, normaliseKeyName, secretValueMatch } from './credentials.js';

describe('credential key names', () => {
  it('normalises names to lower snake_case', () => {
    assert.equal(normaliseKeyName('dbPassword'), 'db_password');
    assert.equal(normaliseKeyName('DBPassword'), 'db_password');
    assert.equal(normaliseKeyName('APIKey'), 'api_key');
    assert.equal(normaliseKeyName('spring.datasource.password'), 'spring_datasource_password');
    assert.equal(normaliseKeyName('x-api-key'), 'x_api_key');
    assert.equal(normaliseKeyName('.env'), 'env');
  });

  // The decision table the defaults implement: names that hold a credential, and names that only
  // point at one or describe it.
  const sensitive = ['PASSWORD', 'DB_PASSWORD', 'dbPassword', 'MYSQL_ROOT_PASSWORD', 'DB_PASS', 'passwd', 'pwd', 'SECRET_KEY_BASE', 'JWT_SECRET', 'GITHUB_TOKEN', 'API_KEY', 'apiKey', 'APIKEY', 'tls.key', 'AWS_SECRET_ACCESS_KEY', 'AZURE_BATCH_KEY', 'OCI_CLI_KEY_CONTENT', 'client-secret', 'credentials.json', 'SSH_KEYS', 'BEARER'];
  const notSensitive = ['PASSWORD_FILE', 'TLS_KEY_PATH', 'METALLB_ML_SECRET_KEY_PATH', 'SECRET_NAME', 'TOKEN_URL', 'TOKEN_ENDPOINT', 'TOKEN_TTL', 'PASSWORD_MIN_LENGTH', 'KEY_ID', 'AWS_ACCESS_KEY_ID', 'API_KEY_HEADER', 'PUBLIC_KEY', 'ssh.pub.key', 'MONKEY', 'KEYCLOAK_URL', 'PASS_THROUGH', 'USERNAME', 'CACHE_KEY_PREFIX', 'SECRETS_PROVIDER'];

  for (const name of sensitive) it(`${name} holds a credential`, () => assert.equal(isSensitiveKey(name, defaultSettings), true));
  for (const name of notSensitive) it(`${name} does not`, () => assert.equal(isSensitiveKey(name, defaultSettings), false));
});

describe('credential values', () => {
  it('recognises credential formats by prefix and length, not loose words', () => {
    assert.equal(secretValueMatch('AKIAIOSFODNN7EXAMPLE', defaultSettings), 'an AWS access key ID');
    assert.equal(secretValueMatch('AKIA', defaultSettings), undefined);
    assert.equal(secretValueMatch('-----BEGIN PRIVATE KEY-----\nMIIE', defaultSettings), 'a private key (PEM/OpenSSH/PGP)');
    assert.equal(secretValueMatch('---BEGIN OPENSSH PRIVATE KEY---', defaultSettings), 'a private key (PEM/OpenSSH/PGP)');
    assert.equal(secretValueMatch('-----BEGIN CERTIFICATE-----', defaultSettings), undefined);
    assert.equal(secretValueMatch('Authorization: Bearer abc123def456', defaultSettings), 'a bearer token');
    assert.equal(secretValueMatch('Bearer $(TOKEN)', defaultSettings), undefined);
    assert.equal(secretValueMatch('postgres://app:hunter2@db:5432/app', defaultSettings), 'a URL with an embedded password');
    assert.equal(secretValueMatch('postgres://app:$(DB_PASSWORD)@db:5432/app', defaultSettings), undefined);
    assert.equal(secretValueMatch('https://user@example.com/repo.git', defaultSettings), undefined);
    assert.equal(secretValueMatch('eyJhbGciOiJIUzI1NiJ9.e30.sig', defaultSettings), 'a JSON Web Token');
    assert.equal(secretValueMatch('JWT', defaultSettings), undefined);
    assert.equal(secretValueMatch('my_key_value', defaultSettings), undefined);
    assert.equal(secretValueMatch('AIza' + 'A'.repeat(34) + '-', defaultSettings), 'a Google API key');
  });

  it('treats references, templates, switches and paths as no literal', () => {
    for (const value of ['', '  ', '$(DB_PASSWORD)', '${DB_PASSWORD}', '$DB_PASSWORD', '{{ .Values.password }}', '<password>', 'true', 'OFF', 'none', '/run/secrets/db/password', '$__file{/etc/secrets/admin-password}', '$__env{GF_SECURITY_SECRET_KEY}', 'classpath:keystore.p12', 'file:/etc/tls/keystore.jks']) {
      assert.equal(isLiteralCredential(value), false, value);
    }
    for (const value of ['hunter2', 'changeme', 'my/secret/file/path', '1234', 'pa$$word', 'file: x']) assert.equal(isLiteralCredential(value), true, value);
  });

  it('masks to at most four characters, and nothing of short values', () => {
    assert.equal(maskSecret('AKIAIOSFODNN7EXAMPLE'), 'AKIA****');
    assert.equal(maskSecret('hunter2'), '****');
    assert.equal(maskSecret('   ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'), 'ghp_****');
    assert.equal(maskSecret('\t\tab\u0000cdefghijklmnopqrstu'), 'ab?c****');
  });
});
