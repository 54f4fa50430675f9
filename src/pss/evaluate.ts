/**
 * Pod Security Standards evaluation, following the Kubernetes Pod Security Admission
 * (PSA) checks in k8s.io/pod-security-admission/policy, including every check's
 * version-gated revisions up to policy v1.37.
 */
import type { Path } from '../core/path.js';
import { baselineChecks } from './checksBaseline.js';
import { restrictedChecks } from './checksRestricted.js';
import { compareCodeUnits, type PssCheckDefinition, type PssCheckId, type VersionedCheck } from './checkTypes.js';
import { readPod } from './podReader.js';
import { effectiveMinor, formatPssVersion, type PssVersion } from './version.js';

export type { PssCheckId } from './checkTypes.js';
export { LATEST_PSS_VERSION, formatPssVersion, parsePssVersion, type PssVersion } from './version.js';

export type PssLevel = 'privileged' | 'baseline' | 'restricted';

export interface PssViolation {
  /** The level whose check failed. */
  level: 'baseline' | 'restricted';
  check: PssCheckId;
  /**
   * Offending field relative to the pod ('metadata' or 'spec' first); for a required
   * field that is missing, the place where it belongs.
   */
  path: Path;
  /** PSA's "reason (detail)", e.g. `privileged (container "c1" must not set securityContext.privileged=true)`. */
  message: string;
}

export interface PssResult {
  /** The policy version actually evaluated, e.g. 'v1.37'. */
  version: string;
  /** The highest level with no failing check: restricted includes every baseline check. */
  level: PssLevel;
  /** At most one per failing check, baseline checks first, then restricted (PSA's order). */
  violations: PssViolation[];
}

// PSA runs baseline checks, then restricted ones, each group sorted by check id.
const orderedChecks: readonly PssCheckDefinition[] = [
  ...[...baselineChecks].sort((a, b) => compareCodeUnits(a.id, b.id)),
  ...[...restrictedChecks].sort((a, b) => compareCodeUnits(a.id, b.id)),
];

/** The revision of a check in force at a policy minor, if the check exists yet. */
function revisionAt(definition: PssCheckDefinition, minor: number): VersionedCheck | undefined {
  let active: VersionedCheck | undefined;
  for (const revision of definition.versions) {
    if (revision.sinceMinor <= minor) active = revision;
  }
  return active;
}

/** The checks in force at each policy minor, with their revision, in PSA's order: worked out once per minor. */
const checksByMinor = new Map<number, readonly (readonly [PssCheckDefinition, VersionedCheck])[]>();

function checksAt(minor: number): readonly (readonly [PssCheckDefinition, VersionedCheck])[] {
  let checks = checksByMinor.get(minor);
  if (!checks) {
    checks = orderedChecks.flatMap((definition) => {
      const revision = revisionAt(definition, minor);
      return revision ? [[definition, revision] as const] : [];
    });
    checksByMinor.set(minor, checks);
  }
  return checks;
}

/**
 * Evaluates a pod against every baseline and restricted check in force at `version`.
 * podMetadata / podSpec are plain parsed-YAML values and may be malformed: this
 * never throws on them.
 */
export function evaluatePodSecurity(podMetadata: unknown, podSpec: unknown, version: PssVersion): PssResult {
  const minor = effectiveMinor(version);
  const pod = readPod(podMetadata, podSpec);
  const violations: PssViolation[] = [];
  for (const [definition, revision] of checksAt(minor)) {
    const failure = revision.check(pod);
    if (failure === undefined) continue;
    violations.push({
      level: definition.level,
      check: definition.id,
      path: failure.path,
      message: `${failure.reason} (${failure.detail})`,
    });
  }
  const failsBaseline = violations.some((violation) => violation.level === 'baseline');
  const level: PssLevel = failsBaseline ? 'privileged' : violations.length > 0 ? 'baseline' : 'restricted';
  return { version: formatPssVersion({ major: 1, minor }), level, violations };
}

/**
 * Whether PSA would admit the pod into a namespace enforcing `level` at the result's
 * version. This differs from `result.level` in one corner: when evaluating restricted,
 * PSA skips baseline checks that a restricted check replaces (capabilities, seccomp,
 * hostPath, procMount), and from v1.25 the replacements exempt Windows pods. A Windows
 * pod adding SYS_ADMIN therefore fails baseline yet passes restricted in PSA, while
 * `result.level` stays conservative ('privileged').
 */
export function admittedAtLevel(result: PssResult, level: PssLevel): boolean {
  if (level === 'privileged') return true;
  if (level === 'baseline') return result.violations.every((violation) => violation.level !== 'baseline');
  const minor = effectiveMinor(parseResultVersion(result.version));
  const overridden = new Set<PssCheckId>();
  for (const definition of restrictedChecks) {
    for (const id of revisionAt(definition, minor)?.overrides ?? []) overridden.add(id);
  }
  return result.violations.every((violation) => violation.level === 'baseline' && overridden.has(violation.check));
}

function parseResultVersion(text: string): PssVersion {
  const minor = Number(/^v1\.(\d+)$/.exec(text)?.[1]);
  if (!Number.isInteger(minor)) throw new Error(`not a Pod Security Standards result version: ${JSON.stringify(text)}`);
  return { major: 1, minor };
}
