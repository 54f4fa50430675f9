import type { ControlDefinition } from '../core/control.js';
import type { Severity } from '../core/severity.js';
import type { ScanSettings } from '../engine/settings.js';
import { catalog } from './catalog.js';
import type { CatalogEntry, Scope } from './types.js';

/** Everything known about one catalog control: the catalog's row merged with the implementation's metadata. */
export interface ControlInfo {
  readonly id: string;
  /** Only implemented controls have a slug. */
  readonly slug?: string;
  readonly title: string;
  readonly family: string;
  readonly section: string;
  readonly guidance: string;
  readonly severity: Severity;
  readonly scope: readonly Scope[];
  readonly implemented: boolean;
  readonly fixable: boolean;
  readonly heuristic: boolean;
  /** The catalog's "FAIL when" condition, in its notation (P pod spec, C container, eff(x)). */
  readonly failWhen: string;
  readonly remediation: string;
  readonly rationale?: string;
  readonly messages?: Readonly<Record<string, string>>;
  readonly example?: string;
  /** The file name the example is read as, when it is not a YAML manifest (`Dockerfile`). */
  readonly exampleFile?: string;
  readonly exampleSettings?: Partial<ScanSettings>;
  readonly pss?: string;
  readonly kubescape?: string;
}

/** Every catalog control in catalog order, with the metadata of those the given controls implement. */
export function controlInfos(controls: readonly ControlDefinition[]): ControlInfo[] {
  const implemented = new Map(controls.map((c) => [c.meta.id as string, c.meta]));
  return (catalog as readonly CatalogEntry[]).map((entry) => {
    const meta = implemented.get(entry.id);
    const common = {
      id: entry.id,
      family: entry.family,
      section: entry.section,
      scope: entry.scope,
      failWhen: entry.failWhen,
      ...(entry.pss ? { pss: entry.pss } : {}),
      ...(entry.kubescape ? { kubescape: entry.kubescape } : {}),
    };
    if (!meta) {
      return {
        ...common,
        title: entry.title,
        guidance: entry.guidance,
        severity: entry.severity,
        implemented: false,
        fixable: false,
        heuristic: false,
        remediation: entry.remediation,
      };
    }
    return {
      ...common,
      slug: meta.slug,
      title: meta.title,
      guidance: meta.guidance,
      severity: meta.severity,
      implemented: true,
      fixable: meta.fixable === true,
      heuristic: meta.heuristic === true,
      remediation: meta.remediation,
      rationale: meta.rationale,
      messages: meta.messages,
      ...(meta.example !== undefined ? { example: meta.example } : {}),
      ...(meta.exampleFile !== undefined ? { exampleFile: meta.exampleFile } : {}),
      ...(meta.exampleSettings !== undefined ? { exampleSettings: meta.exampleSettings } : {}),
    };
  });
}

/** The control a user named by its ID or its slug, in any case. */
export function findControlInfo(infos: readonly ControlInfo[], name: string): ControlInfo | undefined {
  const wanted = name.trim().toLowerCase();
  return infos.find((c) => c.id.toLowerCase() === wanted || c.slug === wanted);
}
