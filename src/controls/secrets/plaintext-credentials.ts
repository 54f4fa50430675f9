import { Buffer } from 'node:buffer';
import { defineControl, type ControlReport } from '../../core/control.js';
import {
  isLiteralCredential,
  isSensitiveKey,
  maskSecret,
  secretValueMatch,
  type CredentialRules,
} from '../../core/credentials.js';
import { formatPath, type Path } from '../../core/path.js';
import type { Resource } from '../../core/resource.js';
import { asArray, asRecord, asString } from '../../core/values.js';
import { catalogFields } from '../../guidance/lookup.js';
import { kindKey } from '../../normalize/pod-spec-paths.js';
import { podTemplateLocation, toWorkloadView } from '../../normalize/workload.js';

export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

type MessageId = 'envLiteral' | 'configMapLiteral' | 'configMapSetting' | 'lastApplied';

export default defineControl({
  target: 'resource',
  // ConfigMaps, and every workload (its env literals, normalised through the same pod template view as
  // workload controls, custom kinds included), each also for its last-applied-configuration annotation.
  kinds: ['/ConfigMap'],
  workloads: true,
  meta: {
    ...catalogFields('NSA-SEC-005'),
    slug: 'plaintext-credentials',
    rationale:
      'Credentials written into a pod spec or a ConfigMap are stored and shown in plain text: anyone who can read the workload or the ConfigMap, every copy of the manifest in Git and CI logs, and the last-applied-configuration annotation kubectl keeps all hold them. The guidance asks to place credentials in Secrets rather than configuration files.',
    remediation:
      'Move the value to a Secret (or an external secret store) and reference it with valueFrom.secretKeyRef, envFrom.secretRef or a secret volume; rotate the exposed credential. Re-apply without the literal so the last-applied-configuration annotation no longer holds it.',
    messages: {
      envLiteral: 'Container "{{container}}" sets {{name}} to a literal {{why}} ({{masked}}).',
      configMapLiteral: 'ConfigMap key {{key}} holds a literal {{why}} ({{masked}}).',
      configMapSetting: 'ConfigMap key {{key}} sets {{setting}} (line {{line}} of the file) to a literal {{why}} ({{masked}}).',
      lastApplied: 'The last-applied-configuration annotation keeps {{where}} as a literal {{why}} ({{masked}}).',
    },
    example: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
        - name: api
          image: registry.example.com/api:3.2.0
          env:
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef: {name: api-db, key: password}
            - name: PASSWORD_FILE
              value: /run/secrets/db/password
`,
  },
  *check(resource, { settings }) {
    const rules: CredentialRules = settings;
    if (kindKey(resource.ref.apiVersion, resource.ref.kind) === '/ConfigMap') {
      yield* configMapFindings(resource.object, rules, []);
    } else {
      const location = podTemplateLocation(resource, settings.podTemplates);
      const workload = location && toWorkloadView(resource, location);
      for (const container of workload?.containers ?? []) {
        for (const finding of envFindings(container.spec, rules)) {
          yield {
            messageId: 'envLiteral',
            data: { name: finding.name, why: finding.why, masked: finding.masked },
            path: [...container.path, 'env', finding.index, 'value'],
            container: container.name,
          };
        }
      }
    }
    yield* lastAppliedFindings(resource, rules);
  },
});

interface Suspect {
  readonly why: string;
  readonly masked: string;
}

/** Why a literal under this name is a credential, or undefined when it is not one. */
function suspect(name: string, value: string, rules: CredentialRules): Suspect | undefined {
  const looksLike = secretValueMatch(value, rules);
  if (looksLike) return { why: `value that looks like ${looksLike}`, masked: maskSecret(value) };
  if (isSensitiveKey(name, rules) && isLiteralCredential(value)) return { why: 'value under a credential name', masked: maskSecret(value) };
  return undefined;
}

interface EnvFinding extends Suspect {
  readonly index: number;
  readonly name: string;
}

function envFindings(container: Readonly<Record<string, unknown>>, rules: CredentialRules): EnvFinding[] {
  return asArray(container['env']).flatMap((entry, index) => {
    const env = asRecord(entry);
    const name = asString(env?.['name']);
    const value = env?.['value'];
    if (name === undefined || typeof value !== 'string') return [];
    const found = suspect(name, value, rules);
    return found ? [{ ...found, index, name }] : [];
  });
}

function* configMapFindings(configMap: Record<string, unknown>, rules: CredentialRules, base: Path): Generator<ControlReport<MessageId>> {
  for (const [key, value] of Object.entries(asRecord(configMap['data']) ?? {})) {
    if (typeof value !== 'string') continue;
    const found = suspect(key, value, rules);
    if (found) {
      yield { messageId: 'configMapLiteral', data: { key, ...found }, path: [...base, 'data', key] };
      continue;
    }
    for (const setting of embeddedSettings(value, rules)) {
      yield { messageId: 'configMapSetting', data: { key, ...setting }, path: [...base, 'data', key] };
    }
  }
  for (const [key, value] of Object.entries(asRecord(configMap['binaryData']) ?? {})) {
    if (typeof value !== 'string') continue;
    // Binary content under a credential name (a keystore named password.p12) is judged by its name alone.
    const found = suspect(key, decodeBase64Text(value) ?? value, rules);
    if (found) yield { messageId: 'configMapLiteral', data: { key, ...found }, path: [...base, 'binaryData', key] };
  }
}

interface EmbeddedSetting extends Suspect {
  readonly setting: string;
  readonly line: number;
}

// `key = value`, `key: value`, `"key": "value",` and `export KEY=value`: properties, .env, INI, TOML,
// YAML and JSON lines of a configuration file kept in a ConfigMap.
const settingLine = /^\s*(?:export\s+)?["']?([A-Za-z_][A-Za-z0-9_.-]*)["']?\s*[:=]\s*(.*?)\s*,?\s*$/;

/** Credential settings inside a multi-line value (an application.properties, a .env, a config.yaml). */
function embeddedSettings(text: string, rules: CredentialRules): EmbeddedSetting[] {
  if (!text.includes('\n')) return [];
  const found: EmbeddedSetting[] = [];
  text.split('\n').forEach((line, i) => {
    const match = settingLine.exec(line);
    const setting = match?.[1];
    if (!match || !setting || !isSensitiveKey(setting, rules)) return;
    const value = unquote(match[2] ?? '');
    if (/^[|>[{]/.test(value) || !isLiteralCredential(value)) return;
    found.push({ setting, line: i + 1, why: 'value under a credential name', masked: maskSecret(value) });
  });
  return found;
}

function unquote(text: string): string {
  const trimmed = text.trim();
  const quote = trimmed[0];
  if ((quote === '"' || quote === "'") && trimmed.endsWith(quote) && trimmed.length >= 2) return trimmed.slice(1, -1);
  return trimmed.replace(/\s+#.*$/, '');
}

/** binaryData decoded as text, or undefined when it is not UTF-8 text (a keystore, an image). */
function decodeBase64Text(value: string): string | undefined {
  const compact = value.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return undefined;
  const text = Buffer.from(compact, 'base64').toString('utf8');
  return text.includes('\uFFFD') || /[\x00-\x08\x0E-\x1F]/.test(text) ? undefined : text;
}

/**
 * kubectl apply copies the whole applied object into this annotation: a credential removed from the
 * spec stays there until the next apply, and the annotation is returned by every read of the object.
 */
function* lastAppliedFindings(resource: Resource, rules: CredentialRules): Generator<ControlReport<MessageId>> {
  const annotations = asRecord(asRecord(resource.object['metadata'])?.['annotations']);
  const text = asString(annotations?.[LAST_APPLIED_ANNOTATION]);
  if (!text) return;
  let applied: unknown;
  try {
    applied = JSON.parse(text);
  } catch {
    return;
  }
  const path: Path = ['metadata', 'annotations', LAST_APPLIED_ANNOTATION];
  const reported = new Set<string>();
  const report = (where: string, found: Suspect): ControlReport<MessageId> | undefined => {
    if (reported.has(where)) return undefined;
    reported.add(where);
    return { messageId: 'lastApplied', data: { where, ...found }, path };
  };
  const object = asRecord(applied);
  const isConfigMap = object !== undefined && asString(object['kind']) === 'ConfigMap';
  if (object && isConfigMap) {
    for (const finding of configMapFindings(object, rules, [])) {
      const key = String(finding.data?.['key'] ?? '');
      const where = finding.messageId === 'configMapSetting' ? `${String(finding.data?.['setting'])} in data key ${key}` : `data key ${key}`;
      const result = report(where, { why: String(finding.data?.['why']), masked: String(finding.data?.['masked']) });
      if (result) yield result;
    }
  }
  // A ConfigMap's data was judged key by key above; the walk covers the rest of the object.
  const rest = isConfigMap ? { ...object, data: undefined, binaryData: undefined } : applied;
  for (const found of walk(rest, [], rules)) {
    const result = report(found.where, found);
    if (result) yield result;
  }
}

interface WalkFinding extends Suspect {
  readonly where: string;
}

/** Env literals anywhere in the applied object, and any string that looks like a credential. */
function* walk(node: unknown, path: Path, rules: CredentialRules): Generator<WalkFinding> {
  if (typeof node === 'string') {
    const looksLike = secretValueMatch(node, rules);
    if (looksLike) yield { where: formatPath(path), why: `value that looks like ${looksLike}`, masked: maskSecret(node) };
    return;
  }
  if (Array.isArray(node)) {
    const isEnv = path[path.length - 1] === 'env';
    for (const [i, item] of node.entries()) {
      const env = isEnv ? asRecord(item) : undefined;
      const name = asString(env?.['name']);
      const value = env?.['value'];
      if (name !== undefined && typeof value === 'string') {
        const found = suspect(name, value, rules);
        if (found) yield { where: `${formatPath([...path, i])} (${name})`, ...found };
        continue;
      }
      yield* walk(item, [...path, i], rules);
    }
    return;
  }
  const object = asRecord(node);
  if (!object) return;
  for (const [key, value] of Object.entries(object)) yield* walk(value, [...path, key], rules);
}
