// Kustomize folders: rendered by kubectl, once as they are (what is scanned) and once with origin
// annotations, which tell from which of the user's files each rendered resource was made.

import { execFile } from 'node:child_process';
import { mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import type { SourceCandidate } from '../core/resource.js';
import { candidatesIn, kustomizationPatchFiles, parseSourceDocuments, readOriginAnnotations, type ParsedSourceDocument, type PatchFile } from '../parse/kustomize-origins.js';
import { parseDuration } from './cluster/limits.js';
import { memoized } from './async.js';
import { readTextFile } from './text.js';

/** How long `kubectl kustomize` may run: KUBEHARDEN_KUSTOMIZE_TIMEOUT (90s, 5m, or seconds), else 60 s. */
export const DEFAULT_KUSTOMIZE_TIMEOUT_MS = 60_000;

export function kustomizeTimeoutMs(env: Readonly<Record<string, string | undefined>> = process.env): number {
  const text = env['KUBEHARDEN_KUSTOMIZE_TIMEOUT'];
  if (text === undefined || text.trim() === '') return DEFAULT_KUSTOMIZE_TIMEOUT_MS;
  let ms: number;
  try {
    ms = parseDuration(text);
  } catch (error) {
    throw new Error(`KUBEHARDEN_KUSTOMIZE_TIMEOUT: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!(ms > 0) || !Number.isFinite(ms)) throw new Error(`KUBEHARDEN_KUSTOMIZE_TIMEOUT must be above 0, not ${text}`);
  return ms;
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

export function kubectlKustomize(dir: string, timeoutMs: number = kustomizeTimeoutMs()): Promise<string> {
  return new Promise((resolve, reject) => {
    // A remote base that never answers, or a plugin that waits on a prompt, must not stall the whole scan.
    execFile('kubectl', ['kustomize', dir], { maxBuffer: 1024 * 1024 * 1024, timeout: timeoutMs, killSignal: 'SIGKILL' }, (error, stdout, stderr) => {
      if (!error) return resolve(stdout);
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        reject(
          new Error(
            `${dir} is a Kustomize folder and rendering it needs kubectl on PATH; install kubectl, or render it yourself: kustomize build ${dir} | kubeharden scan -`,
          ),
        );
      } else if ((error as { killed?: boolean }).killed === true) {
        reject(
          new Error(
            `kubectl kustomize ${dir} did not finish within ${formatSeconds(timeoutMs)} and was stopped (KUBEHARDEN_KUSTOMIZE_TIMEOUT sets the limit; or render it yourself: kustomize build ${dir} | kubeharden scan -)`,
          ),
        );
      } else {
        reject(new Error(`kubectl kustomize ${dir} failed: ${String(stderr).trim() || error.message}`));
      }
    });
  });
}

/** A rendering with origin annotations; the paths in them are relative to `base`. */
export interface AnnotatedRendering {
  readonly text: string;
  readonly base: string;
}

/**
 * Renders the folder through a kustomization of kubeharden's own that takes it as its only resource and
 * asks for origin and transformer annotations: the user's kustomization is not touched.
 */
export async function kubectlKustomizeWithOrigins(dir: string, timeoutMs: number = kustomizeTimeoutMs()): Promise<AnnotatedRendering> {
  // Kustomize takes a kustomization outside the root only by a relative path, computed here between real paths.
  const base = await realpath(await mkdtemp(join(tmpdir(), 'kubeharden-origins-')));
  try {
    const target = relative(base, await realpath(dir));
    await writeFile(
      join(base, 'kustomization.yaml'),
      `resources:\n  - ${JSON.stringify(target)}\nbuildMetadata: [originAnnotations, transformerAnnotations]\n`,
    );
    return { text: await kubectlKustomize(base, timeoutMs), base };
  } finally {
    await rm(base, { recursive: true, force: true });
  }
}

/**
 * Per rendered resource (by `renderedKey`), the documents of the user's files it was made from, the last
 * applied first: the patches of the overlays, then the file it was read from. Only files the rendering
 * names are read; one that cannot be read or parsed is left out, and its findings stay in the rendered stream.
 */
export async function kustomizeSources(dir: string, rendering: AnnotatedRendering): Promise<Map<string, readonly SourceCandidate[]>> {
  const root = await realpath(dir);
  // Paths as the user would write them: from the folder they named, as the other files of the scan.
  const shown = (absolute: string): string => join(dir, relative(root, absolute));
  // A base of hundreds of objects is parsed once, not once per object rendered from it.
  const documents = memoized(async (absolute: string): Promise<readonly ParsedSourceDocument[]> => {
    const text = await readTextFile(absolute);
    return text === undefined ? [] : parseSourceDocuments(shown(absolute), text);
  });
  const patchesOf = memoized(async (kustomization: string): Promise<readonly PatchFile[]> => {
    const text = await readTextFile(kustomization);
    return text === undefined ? [] : kustomizationPatchFiles(text);
  });
  const madeFrom = new Map<string, readonly SourceCandidate[]>();
  for (const origin of readOriginAnnotations(rendering.text)) {
    const candidates: SourceCandidate[] = [];
    for (const kustomization of [...origin.patchedIn].reverse()) {
      const kustomizationPath = resolve(rendering.base, kustomization);
      for (const patch of [...(await patchesOf(kustomizationPath))].reverse()) {
        const patchPath = resolve(dirname(kustomizationPath), patch.path);
        candidates.push(...candidatesIn(await documents(patchPath), origin, { patch: true, targeted: patch.targeted }));
      }
    }
    if (origin.file) candidates.push(...candidatesIn(await documents(resolve(rendering.base, origin.file)), origin, { patch: false, targeted: false }));
    if (candidates.length > 0) madeFrom.set(origin.key, candidates);
  }
  return madeFrom;
}
