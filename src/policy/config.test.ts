import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { builtinControls } from '../controls/index.js';
import { yaml } from '../core/yaml-text.js';
import { defaultSettings } from '../engine/default-settings.js';
import { parsePssVersion } from '../pss/evaluate.js';
import { repoRoot } from '../testing/shared-fixtures.js';
import { readConfig, SCHEMA_FOLDER, schemaFiles, settingSpecs } from './config.js';
import { controlNames } from './control-names.js';
import { PolicyError } from './fields.js';

const names = controlNames(builtinControls);
const read = (text: string) => readConfig(text, '.kubeharden.yaml', names);

/** The error a configuration text gives, as the user reads it. */
function errorOf(text: string): string {
  try {
    read(text);
  } catch (error) {
    assert.ok(error instanceof PolicyError, String(error));
    return error.message;
  }
  assert.fail('the configuration was accepted');
}

/** The README's full example: every key of the schema. */
export const fullExample = yaml`
  failOn: medium
  minScore: 80
  pss:
    version: v1.30
    level: baseline
  controls:
    enabled: [NSA-POD-001, NSA-POD-005, privileged-containers, NSA-POD-010, image-tag-pinned, NSA-POD-032, NSA-POD-026]
    disabled: [NSA-POD-026]
    severity:
      image-tag-pinned: high
      NSA-POD-005: low
  settings:
    trustedRegistries: [registry.example.com, ghcr.io/example]
    systemNamespaces: [kube-system, monitoring]
    allowedHostPaths: [/var/log]
    allowedCapabilities: [NET_BIND_SERVICE]
    tokenAllowList: [monitoring/prometheus]
    strictAppArmor: true
    strictVolumeTypes: false
    podTemplates:
      example.com/Worker: spec.podTemplate
    adminSubjects: ["Group:system:masters", "Group:platform-admins"]
    metadataAddresses: [169.254.169.254/32, fd00:ec2::254/128, 100.100.100.200/32]
    sensitiveKeyPatterns: [password, token]
    nonSensitiveKeyPatterns: [_file$]
    secretValuePatterns: ["AKIA[0-9A-Z]{16}"]
    supportedKubernetesMinors: v1.34-v1.36
    auditLogMaxAgeDays: 365
    nodeMinimums:
      kernel: "5.15"
      runtimes: {containerd: "2.1"}
      operatingSystems: {Ubuntu: "24.04"}
  exceptionsFile: security/exceptions.yaml
  inlineExceptions: false
  exceptions:
    - controls: [NSA-POD-012]
      match: {kind: Deployment, namespace: shop, name: "api-*", container: app, labels: {team: payments}}
      reason: capabilities are managed by the runtime profile
      expires: "2027-06-30"
      owner: payments-team
  exclude: [charts, "test/fixtures"]
`;

describe('configuration file', () => {
  it('reads every key of the full example', () => {
    const config = read(fullExample);
    assert.equal(config.failOn, 'medium');
    assert.equal(config.minScore, 80);
    assert.equal(config.pssLevel, 'baseline');
    assert.deepEqual(config.settings.pssVersion, parsePssVersion('v1.30'));
    assert.deepEqual([...(config.enabled ?? [])], ['NSA-POD-001', 'NSA-POD-005', 'NSA-POD-006', 'NSA-POD-010', 'NSA-POD-033', 'NSA-POD-032', 'NSA-POD-026']);
    assert.deepEqual([...(config.disabled ?? [])], ['NSA-POD-026']);
    assert.deepEqual([...(config.severity ?? [])], [['NSA-POD-033', 'high'], ['NSA-POD-005', 'low']]);
    assert.deepEqual(config.settings.trustedRegistries, ['registry.example.com', 'ghcr.io/example']);
    assert.deepEqual(config.settings.systemNamespaces, ['kube-system', 'monitoring']);
    assert.equal(config.settings.strictAppArmor, true);
    assert.equal(config.settings.strictVolumeTypes, false);
    assert.deepEqual([...(config.settings.podTemplates ?? [])], [['example.com/Worker', { spec: ['spec', 'podTemplate', 'spec'], metadata: ['spec', 'podTemplate', 'metadata'] }]]);
    assert.equal(config.exceptionsFile, 'security/exceptions.yaml');
    assert.equal(config.inlineExceptions, false);
    assert.deepEqual(config.exclude, ['charts', 'test/fixtures']);
    assert.deepEqual(config.exceptions.map((e) => [e.id, e.controls, e.owner, e.expires, e.match]), [
      ['.kubeharden.yaml:36', ['NSA-POD-012'], 'payments-team', '2027-06-30', { kind: ['Deployment'], namespace: ['shop'], name: ['api-*'], container: ['app'], labels: { team: ['payments'] } }],
    ]);
  });

  it('every setting of the scan can be configured (the mapping is typed: a new setting needs its line)', () => {
    assert.deepEqual(Object.keys(settingSpecs).sort(), Object.keys(defaultSettings).sort());
    const config = read(fullExample);
    const configured = new Set(Object.keys(config.settings));
    assert.deepEqual(Object.keys(defaultSettings).filter((k) => !configured.has(k)), [], 'the full example sets every setting');
  });

  it('the README\'s full example sets every setting', () => {
    const root = repoRoot();
    assert.ok(root);
    const example = /```yaml\n(# \.kubeharden\.yaml\n[\s\S]*?)```/.exec(readFileSync(join(root, 'README.md'), 'utf8'))?.[1];
    assert.ok(example, 'the README has a full .kubeharden.yaml example');
    const config = readConfig(example, 'README.md', names);
    assert.deepEqual(Object.keys(defaultSettings).filter((k) => !(k in config.settings)), [], 'document every setting in the README example');
  });

  it('an empty file is an empty configuration', () => {
    assert.deepEqual(read(''), { file: '.kubeharden.yaml', settings: {}, exceptions: [] });
  });

  it('names the file, line and key of every mistake, suggesting the key meant', () => {
    assert.equal(errorOf('failOn: high\nminscore: 80\n'), '.kubeharden.yaml:2: minscore: unknown key (did you mean "minScore"?) (known keys: failOn, minScore, pss, controls, settings, exceptions, exceptionsFile, inlineExceptions, exclude)');
    assert.match(errorOf('settings:\n  trustedRegistry: [a]\n'), /^\.kubeharden\.yaml:2: settings\.trustedRegistry: unknown key \(did you mean "trustedRegistries"\?\)/);
    assert.equal(errorOf('settings:\n  trustedRegistries: registry.example.com\n'), '.kubeharden.yaml:2: settings.trustedRegistries: expected a list, got the text "registry.example.com"');
    assert.equal(errorOf('settings:\n  allowedHostPaths: [/var/log, 3]\n'), '.kubeharden.yaml:2: settings.allowedHostPaths[1]: expected a non-empty text, got the number 3');
    assert.equal(errorOf('failOn: hihg\n'), '.kubeharden.yaml:1: failOn: expected one of critical, high, medium, low, none, got the text "hihg" (did you mean "high"?)');
    assert.equal(errorOf('minScore: 120\n'), '.kubeharden.yaml:1: minScore: expected a number from 0 to 100, got the number 120');
    assert.match(errorOf('pss:\n  version: v2.1\n'), /^\.kubeharden\.yaml:2: pss\.version: /);
    assert.equal(errorOf('pss:\n  level: privileged\n'), '.kubeharden.yaml:2: pss.level: expected one of baseline, restricted, got the text "privileged"');
    assert.equal(errorOf('settings:\n  strictAppArmor: "yes"\n'), '.kubeharden.yaml:2: settings.strictAppArmor: expected true or false, got the text "yes"');
    assert.match(errorOf('settings:\n  podTemplates:\n    Worker: spec.podTemplate\n'), /^\.kubeharden\.yaml:3: settings\.podTemplates\.Worker: invalid pod template location/);
    assert.match(errorOf('failOn: [high\n'), /^\.kubeharden\.yaml:\d+: not valid YAML: /);
    assert.match(errorOf('failOn: high\nfailOn: low\n'), /^\.kubeharden\.yaml:2: not valid YAML: .*unique/i);
    assert.equal(errorOf('- failOn: high\n'), '.kubeharden.yaml:1: expected a map, got a list');
  });

  it('unknown controls are errors wherever they are named', () => {
    assert.match(errorOf('controls:\n  enabled: [NSA-POD-001, NSA-POD-999]\n'), /^\.kubeharden\.yaml:2: controls\.enabled\[1\]: unknown control "NSA-POD-999"/);
    assert.match(errorOf('controls:\n  disabled: [privileged-container]\n'), /^\.kubeharden\.yaml:2: controls\.disabled\[0\]: unknown control "privileged-container" \(did you mean "privileged-containers"\?\)/);
    assert.match(errorOf('controls:\n  severity:\n    NSA-POD-998: high\n'), /^\.kubeharden\.yaml:3: controls\.severity\.NSA-POD-998: unknown control "NSA-POD-998"/);
    assert.match(errorOf('controls:\n  severity:\n    NSA-POD-033: high\n    image-tag-pinned: low\n'), /^\.kubeharden\.yaml:4: controls\.severity\.image-tag-pinned: NSA-POD-033 is given twice/);
    assert.match(errorOf('controls:\n  severity:\n    NSA-POD-033: urgent\n'), /^\.kubeharden\.yaml:3: controls\.severity\.NSA-POD-033: expected one of critical, high, medium, low/);
    assert.match(errorOf('exceptions:\n  - controls: [NSA-POD-012, NSA-XYZ-001]\n    reason: r\n'), /^\.kubeharden\.yaml:2: exceptions\[0\]\.controls\[1\]: unknown control "NSA-XYZ-001"/);
  });

  it('the checked-in JSON Schemas are what the readers generate (run `npm run schema` after changing them)', () => {
    const root = repoRoot();
    assert.ok(root);
    for (const [name, text] of schemaFiles(names)) {
      assert.equal(readFileSync(join(root, SCHEMA_FOLDER, name), 'utf8'), text, `${SCHEMA_FOLDER}/${name} is out of date: run \`npm run schema\``);
    }
  });

  it('the schema describes every key the reader accepts, and rejects unknown ones', () => {
    const schema = JSON.parse(schemaFiles(names).get('config.schema.json') ?? '{}') as {
      additionalProperties: boolean;
      properties: Record<string, { description?: string; properties?: Record<string, { description?: string }>; additionalProperties?: boolean }>;
    };
    assert.equal(schema.additionalProperties, false);
    assert.deepEqual(Object.keys(schema.properties), ['failOn', 'minScore', 'pss', 'controls', 'settings', 'exceptions', 'exceptionsFile', 'inlineExceptions', 'exclude']);
    const settings = schema.properties['settings'];
    assert.deepEqual(Object.keys(settings?.properties ?? {}).sort(), Object.keys(settingSpecs).filter((k) => k !== 'pssVersion').sort());
    assert.equal(settings?.additionalProperties, false);
    for (const [key, property] of Object.entries(schema.properties)) assert.ok(property.description, `${key} has a description`);
  });
});
