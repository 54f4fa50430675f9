export { scan, failsGate, TOOL_VERSION, IGNORE_ANNOTATION, IGNORE_REASON_ANNOTATION } from './engine/scan.js';
export type { ScanOptions } from './engine/scan.js';
export { defaultSettings } from './engine/default-settings.js';
export type { ScanSettings } from './engine/settings.js';
export { parseManifests } from './parse/manifests.js';
export type { SourceFile, ParseResult } from './parse/manifests.js';
export { loadFiles } from './load/files.js';
export { scanPaths } from './load/scan-paths.js';
export type { PathScan, ScanPhase } from './load/scan-paths.js';
export { builtinControls } from './controls/index.js';
export { builtinReporters } from './reporters/index.js';
export { renderToString } from './reporters/reporter.js';
export { defineControl } from './core/control.js';
export { evaluatePodSecurity, parsePssVersion } from './pss/evaluate.js';
export { catalog } from './guidance/catalog.js';
export type { ControlDefinition, ControlMeta, ControlReport } from './core/control.js';
export type {
  Finding,
  ScanReport,
  ControlEntry,
  ScanError,
  WorkloadEntry,
  ExceptionEntry,
  GateResult,
  ScanWarning,
  SectionScore,
  Suppression,
} from './core/report.js';
export { findingFingerprint } from './core/fingerprint.js';
export { readConfig, configJsonSchema, exceptionsJsonSchema } from './policy/config.js';
export type { KubehardenConfig } from './policy/config.js';
export { readExceptionsFile } from './policy/exceptions.js';
export type { ExceptionRule, ExceptionMatch } from './policy/exceptions.js';
export { readBaseline } from './policy/baseline.js';
export type { Baseline } from './policy/baseline.js';
export { evaluateGate } from './policy/gate.js';
export { controlNames } from './policy/control-names.js';
export { PolicyError } from './policy/fields.js';
export type { Resource, ResourceRef } from './core/resource.js';
export type { Severity } from './core/severity.js';
export type { Reporter } from './reporters/reporter.js';
export { scanNode } from './load/node-scan.js';
export type { NodeScan } from './load/node-scan.js';
export { loadNode } from './load/node.js';
export type { NodeLoad } from './load/node.js';
export { nodeConfiguration } from './node/configuration.js';
export type { NodeConfiguration } from './node/configuration.js';
export { fixFiles } from './fix/run.js';
export type { FixResult, FixRunOptions, FixSuggestion, FixedFile } from './fix/run.js';
export { applyEdits } from './fix/apply.js';
export { documentEdits } from './fix/yaml-edits.js';
export { applyOps, jsonPatch } from './fix/ops.js';
export type { JsonPatchOp } from './fix/ops.js';
export { findingFix } from './fix/plan.js';
export { unifiedDiff } from './fix/diff.js';
export { namespaceDefaults, renderNamespaceDefaults } from './fix/namespace-defaults.js';
export { defaultFixDefaults } from './core/fix.js';
export type { PatchOp, ControlFix, TextEdit, FixDefaults } from './core/fix.js';
export type { FindingFix, FixReplacement } from './core/report.js';
