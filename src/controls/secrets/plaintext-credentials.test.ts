import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { describe, it } from 'node:test';
import { defaultSettings } from '../../engine/default-settings.js';
import { scanWith, testControl, yaml } from '../../testing/control-tester.js';
import control from './plaintext-credentials.js';

// Test credentials: published examples (AWS documentation key) or made up here; none is live.
const awsKeyId = 'AKIAIOSFODNN7EXAMPLE';
const githubToken = 'ghp_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8';
const base64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

const lastApplied = (object: object): string => JSON.stringify(JSON.stringify(object));

testControl(control, {
  valid: [
    {
      name: 'grafana.ini reading its secrets from files and the environment, a Spring key store location',
      manifest: yaml`
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: grafana, namespace: monitoring}
        data:
          grafana.ini: |
            [security]
            admin_user = admin
            admin_password = $__file{/etc/secrets/admin-password}
            secret_key = $__env{GF_SECURITY_SECRET_KEY}
            [auth.generic_oauth]
            client_secret = $__file{/etc/secrets/oauth_client_secret}
          application.properties: |
            server.ssl.key-store=classpath:keystore.p12
            server.ssl.key-store-password=\${KEYSTORE_PASSWORD}`,
    },
    {
      name: 'credentials referenced from Secrets, and names that only describe one',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: api, namespace: shop}
        spec:
          containers:
            - name: api
              image: registry.example.com/api:3.2.0
              envFrom:
                - secretRef: {name: api-env}
              env:
                - name: DB_PASSWORD
                  valueFrom: {secretKeyRef: {name: api-db, key: password}}
                - {name: PASSWORD_FILE, value: /run/secrets/db/password}
                - {name: METALLB_ML_SECRET_KEY_PATH, value: /etc/ml_secret_key}
                - {name: SOME_TOKEN_PATH, value: /var/run/secrets/token}
                - {name: AWS_TOKEN_FILE, value: token}
                - {name: SECRET_NAME, value: api-db}
                - {name: TOKEN_TTL, value: "3600"}
                - {name: PASSWORD_MIN_LENGTH, value: "12"}
                - {name: KEY_ID, value: "alias/app"}
                - {name: PUBLIC_KEY, value: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHVzZXJAZXhhbXBsZS5jb20gdGVzdA"}
                - {name: TOKEN_URL, value: "https://login.example.com/oauth2/token"}
                - {name: ENABLE_TOKEN_AUTH, value: "true"}
                - {name: PROXY_PASSWORD, value: none}
                - {name: DB_PASS, value: "$(DB_PASSWORD)"}
                - {name: SSL_KEY, value: /etc/ssl/private/tls.key}
                - {name: MONKEY, value: banana}
                - {name: KEYCLOAK_URL, value: "https://sso.example.com"}
                - {name: DB_URL, value: AKIA}
                - {name: API_KEY, value: ""}`,
    },
    {
      name: 'ordinary ConfigMap settings and files (Polaris: valid keys and values)',
      manifest: yaml`
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: game-demo, namespace: shop}
        data:
          message: This is a test
          db_user: postgres
          player_initial_lives: "3"
          ui_properties_file_name: user-interface.properties
          application.properties: |
            spring.datasource.url=jdbc:postgresql://db:5432/app
            spring.datasource.password=\${DB_PASSWORD}
            server.ssl.key-store=/etc/tls/keystore.p12
            token.ttl=3600
        binaryData:
          logo.png: iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==`,
    },
    {
      name: 'an applied Deployment whose last-applied configuration has no literal',
      manifest: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          annotations:
            kubectl.kubernetes.io/last-applied-configuration: ${lastApplied({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.27', env: [{ name: 'MODE', value: 'prod' }] }] } } } })}
        spec:
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers: [{name: web, image: "nginx:1.27", env: [{name: MODE, value: prod}]}]`,
    },
    {
      name: 'a name allowed by configuration',
      settings: { nonSensitiveKeyPatterns: [...defaultSettings.nonSensitiveKeyPatterns, '^cache_key$'] },
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: app}
        spec:
          containers: [{name: app, image: "registry.example.com/app:1.0.0", env: [{name: CACHE_KEY, value: v2-users}]}]`,
    },
  ],
  invalid: [
    {
      name: 'a token or secret held in a variable named as its ID (Vault dev root token, AppRole secret ID), beside identifiers',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: vault-0, namespace: vault}
        spec:
          containers:
            - name: vault
              image: hashicorp/vault:1.17.2
              env:
                - {name: VAULT_DEV_ROOT_TOKEN_ID, value: root}
                - {name: VAULT_ROLE_ID, value: 4f4c2b0e-7a43-4d8b-9d0a-2c1f}
                - {name: VAULT_SECRET_ID, value: 9e1d2c3b-aaaa-bbbb-cccc-0d9e}
                - {name: AWS_ACCESS_KEY_ID, value: EXAMPLEKEYID}`,
      findings: [
        { messageId: 'envLiteral', path: 'spec.containers[0].env[0].value', container: 'vault', line: 9, column: 43 },
        { messageId: 'envLiteral', path: 'spec.containers[0].env[2].value', container: 'vault', line: 11, column: 35 },
      ],
    },
    {
      name: 'a password literal among ordinary settings (Kubescape: pod-sensitive-key-regression)',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: payment, namespace: shop}
        spec:
          containers:
            - name: payment-api
              image: nginx:1.29
              env:
                - {name: LOG_LEVEL, value: info}
                - {name: DB_PASSWORD, value: hunter2}
                - {name: PORT, value: "8080"}`,
      findings: [{ messageId: 'envLiteral', path: 'spec.containers[0].env[1].value', container: 'payment-api', line: 10, column: 31 }],
    },
    {
      name: 'values recognised by their format, in main and init containers',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: ci}
        spec:
          initContainers:
            - name: clone
              image: alpine/git:2.45.2
              env: [{name: GIT_AUTH, value: ${githubToken}}]
          containers:
            - name: app
              image: registry.example.com/app:1.0.0
              env:
                - {name: DB_URL, value: ${awsKeyId}}
                - {name: AUTH_HEADER, value: bearer abc123def}
                - {name: DATABASE_URL, value: "postgres://app:hunter2@db:5432/app"}
                - name: SIGNING_MATERIAL
                  value: |
                    -----BEGIN RSA PRIVATE KEY-----
                    MIIEvQIBADANBgkqhkiG9w0BAQEFAASC
                    -----END RSA PRIVATE KEY-----`,
      findings: [
        { messageId: 'envLiteral', path: 'spec.initContainers[0].env[0].value', container: 'clone', line: 8 },
        { messageId: 'envLiteral', path: 'spec.containers[0].env[0].value', container: 'app', line: 13 },
        { messageId: 'envLiteral', path: 'spec.containers[0].env[1].value', container: 'app', line: 14 },
        { messageId: 'envLiteral', path: 'spec.containers[0].env[2].value', container: 'app', line: 15 },
        { messageId: 'envLiteral', path: 'spec.containers[0].env[3].value', container: 'app', line: 17 },
      ],
    },
    {
      name: 'camelCase and mixed names (Polaris: azure batch and OCI keys)',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: app}
        spec:
          containers:
            - name: app
              image: nginx:1.27
              env:
                - {name: dbPassword, value: s3cr3t-Value}
                - {name: AZURE_BATCH_KEY, value: xxx}
                - {name: OCI_CLI_KEY_CONTENT, value: xxx}
                - {name: client-secret, value: abc}`,
      findings: [
        { messageId: 'envLiteral', path: 'spec.containers[0].env[0].value' },
        { messageId: 'envLiteral', path: 'spec.containers[0].env[1].value' },
        { messageId: 'envLiteral', path: 'spec.containers[0].env[2].value' },
        { messageId: 'envLiteral', path: 'spec.containers[0].env[3].value' },
      ],
    },
    {
      name: 'ConfigMap keys named like credentials and values that are keys (Kubescape C-0012, Polaris)',
      manifest: yaml`
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: game-demo}
        data:
          player_initial_lives: "3"
          aws_access_key_id: XXXX
          pwd: hi
          AWS_SECRET_ACCESS_KEY: xxxxx
          DB_URL: ${awsKeyId}
          ssh_access: |
            -----BEGIN PRIVATE KEY-----
            xxxxxxxx
            -----END OPENSSH PRIVATE KEY-----
          encoded_pwd: "cGFzc3dvcmQ="`,
      findings: [
        { messageId: 'configMapLiteral', path: 'data.pwd', line: 7, column: 3 },
        { messageId: 'configMapLiteral', path: 'data.AWS_SECRET_ACCESS_KEY' },
        { messageId: 'configMapLiteral', path: 'data.DB_URL' },
        { messageId: 'configMapLiteral', path: 'data.ssh_access' },
        { messageId: 'configMapLiteral', path: 'data.encoded_pwd' },
      ],
    },
    {
      name: 'credentials inside configuration files kept in a ConfigMap',
      manifest: yaml`
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: app-config}
        data:
          application.properties: |
            spring.datasource.url=jdbc:postgresql://db:5432/app
            spring.datasource.password=hunter2
          config.yaml: |
            database:
              host: db
              password: "hunter2"
          .env: |
            export API_KEY=abc123`,
      findings: [
        { messageId: 'configMapSetting', path: 'data["application.properties"]', line: 5 },
        { messageId: 'configMapSetting', path: 'data["config.yaml"]' },
        { messageId: 'configMapSetting', path: 'data[".env"]' },
      ],
    },
    {
      name: 'binaryData: a decoded credential and a binary keystore under a credential name',
      manifest: yaml`
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: app-config}
        binaryData:
          service-account.json: ${base64('{"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----\\nMIIE\\n-----END PRIVATE KEY-----\\n"}')}
          keystore-password.bin: AAECAwQFBgcICQ==`,
      findings: [
        { messageId: 'configMapLiteral', path: 'binaryData["service-account.json"]', line: 5 },
        { messageId: 'configMapLiteral', path: 'binaryData["keystore-password.bin"]', line: 6 },
      ],
    },
    {
      name: 'the last-applied annotation of a Deployment keeps the literal the spec also has',
      manifest: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: api
          annotations:
            kubectl.kubernetes.io/last-applied-configuration: ${lastApplied({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api' }, spec: { template: { spec: { containers: [{ name: 'api', image: 'api:1', env: [{ name: 'DB_PASSWORD', value: 'hunter2' }] }] } } } })}
        spec:
          selector: {matchLabels: {app: api}}
          template:
            metadata: {labels: {app: api}}
            spec:
              containers: [{name: api, image: "api:1", env: [{name: DB_PASSWORD, value: hunter2}]}]`,
      findings: [
        { messageId: 'lastApplied', path: 'metadata.annotations["kubectl.kubernetes.io/last-applied-configuration"]', line: 6, column: 5 },
        { messageId: 'envLiteral', path: 'spec.template.spec.containers[0].env[0].value', container: 'api', line: 12 },
      ],
    },
    {
      name: 'a ConfigMap cleaned up in data but not in its last-applied annotation',
      manifest: yaml`
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: app-config
          annotations:
            kubectl.kubernetes.io/last-applied-configuration: ${lastApplied({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app-config' }, data: { mode: 'prod', password: 'hunter2', note: `key ${awsKeyId}` } })}
        data:
          mode: prod`,
      findings: [
        { messageId: 'lastApplied', path: 'metadata.annotations["kubectl.kubernetes.io/last-applied-configuration"]' },
        { messageId: 'lastApplied', path: 'metadata.annotations["kubectl.kubernetes.io/last-applied-configuration"]' },
      ],
    },
    {
      name: 'configured key and value patterns are added',
      settings: {
        sensitiveKeyPatterns: [...defaultSettings.sensitiveKeyPatterns, '(^|_)pin$'],
        secretValuePatterns: [...defaultSettings.secretValuePatterns, '^acme_[0-9a-f]{8}$'],
      },
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: app}
        spec:
          containers:
            - name: app
              image: registry.example.com/app:1.0.0
              env: [{name: SIM_PIN, value: "1234"}, {name: LICENSE, value: acme_0badc0de}]`,
      findings: [
        { messageId: 'envLiteral', path: 'spec.containers[0].env[0].value' },
        { messageId: 'envLiteral', path: 'spec.containers[0].env[1].value' },
      ],
    },
  ],
});

describe('NSA-SEC-005 last-applied-configuration', () => {
  it('names the key inside the annotation', () => {
    const report = scanWith(control, yaml`
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: app-config
        annotations:
          kubectl.kubernetes.io/last-applied-configuration: ${lastApplied({ kind: 'ConfigMap', metadata: { annotations: { deploy: githubToken } }, data: { password: 'hunter2', 'app.properties': 'a=1\ndb.password=x\n' } })}
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: api
        annotations:
          kubectl.kubernetes.io/last-applied-configuration: ${lastApplied({ kind: 'Deployment', spec: { template: { spec: { containers: [{ name: 'api', env: [{ name: 'DB_PASSWORD', value: 'hunter2' }] }] } } } })}
      spec:
        template:
          spec:
            containers: [{name: api, image: "api:1"}]`);
    assert.deepEqual(
      report.findings.map((f) => f.message),
      [
        'The last-applied-configuration annotation keeps data key password as a literal value under a credential name (****).',
        'The last-applied-configuration annotation keeps db.password in data key app.properties as a literal value under a credential name (****).',
        'The last-applied-configuration annotation keeps metadata.annotations.deploy as a literal value that looks like a GitHub token (ghp_****).',
        'The last-applied-configuration annotation keeps spec.template.spec.containers[0].env[0] (DB_PASSWORD) as a literal value under a credential name (****).',
      ],
    );
  });

  it('ignores an annotation that is not JSON', () => {
    const report = scanWith(control, yaml`
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: c
        annotations: {kubectl.kubernetes.io/last-applied-configuration: "{not json"}
      data: {mode: prod}`);
    assert.deepEqual(report.findings, []);
    assert.deepEqual(report.errors, []);
  });
});

describe('NSA-SEC-005 never shows a credential', () => {
  const manifest = yaml`
    apiVersion: v1
    kind: Pod
    metadata: {name: app}
    spec:
      containers:
        - name: app
          image: nginx:1.27
          env:
            - {name: DB_URL, value: ${awsKeyId}}
            - {name: DB_PASSWORD, value: correct-horse-battery-staple}
            - {name: GH, value: ${githubToken}}`;

  it('masks values to at most four characters', () => {
    const messages = scanWith(control, manifest).findings.map((f) => f.message);
    assert.deepEqual(messages, [
      'Container "app" sets DB_URL to a literal value that looks like an AWS access key ID (AKIA****).',
      'Container "app" sets DB_PASSWORD to a literal value under a credential name (corr****).',
      'Container "app" sets GH to a literal value that looks like a GitHub token (ghp_****).',
    ]);
  });

  it('keeps short values entirely hidden, and the values out of the whole report', () => {
    const report = scanWith(control, yaml`
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: c}
      data: {password: hunter2, config.properties: "a=1\\nsecret=swordfish\\n"}`);
    const text = JSON.stringify(report);
    assert.ok(!text.includes('hunter2') && !text.includes('swordfish'), 'the report must not contain the values');
    assert.match(report.findings[0]?.message ?? '', /\(\*\*\*\*\)\.$/);
  });
});
