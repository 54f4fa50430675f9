import type { Path } from '../core/path.js';
import type { Resource } from '../core/resource.js';
import { asArray, asRecord, asString } from '../core/values.js';

/** Providers that encrypt with a key written in the EncryptionConfiguration itself. */
export const localKeyProviders: ReadonlySet<string> = new Set(['aescbc', 'aesgcm', 'secretbox']);

export interface Provider {
  /** aescbc, aesgcm, secretbox, kms, identity. */
  readonly type: string;
  readonly config: Record<string, unknown>;
  /** Path of the provider entry: resources[i].providers[j]. */
  readonly path: Path;
}

export interface SecretsEncryption {
  /** Path of the resources entry that covers secrets. */
  readonly path: Path;
  readonly providers: readonly Provider[];
}

/** The resources entry of an EncryptionConfiguration that covers secrets (`secrets`, `*.` or `*.*`): the first one. */
export function encryptionOfSecrets(configuration: Resource): SecretsEncryption | undefined {
  const entries = asArray(configuration.object['resources']);
  for (let i = 0; i < entries.length; i++) {
    const entry = asRecord(entries[i]);
    const names = asArray(entry?.['resources']).map((r) => asString(r));
    if (!names.some((n) => n === 'secrets' || n === '*.' || n === '*.*')) continue;
    const providers = asArray(entry?.['providers']).flatMap((p, j): Provider[] => {
      const record = asRecord(p);
      const type = record ? Object.keys(record)[0] : undefined;
      return record && type ? [{ type, config: asRecord(record[type]) ?? {}, path: ['resources', i, 'providers', j] }] : [];
    });
    return { path: ['resources', i], providers };
  }
  return undefined;
}

/** The local-key providers of the entry with how many keys each has. */
export function keyedProviders(secrets: SecretsEncryption): (Provider & { keys: number })[] {
  return secrets.providers.filter((p) => localKeyProviders.has(p.type)).map((p) => ({ ...p, keys: asArray(p.config['keys']).length }));
}
