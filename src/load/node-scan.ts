import { stat } from 'node:fs/promises';
import type { ScanError, ScanReport } from '../core/report.js';
import { scan, type ScanOptions } from '../engine/scan.js';
import { loadNode, type NodeLoad } from './node.js';

export interface NodeScan {
  readonly report: ScanReport;
  readonly node: NodeLoad;
}

/**
 * `kubeharden scan --node [--root DIR]`: reads the node's files under the root and scans them. A node
 * has a few dozen small files, so they are scanned whole rather than streamed.
 */
export async function scanNode(root: string, options: Omit<ScanOptions, 'loadErrors'>): Promise<NodeScan> {
  const errors: ScanError[] = [];
  try {
    if (!(await stat(root)).isDirectory()) errors.push({ kind: 'input', file: root, message: `--root ${root} is not a folder` });
  } catch {
    errors.push({ kind: 'input', file: root, message: `--root ${root} does not exist` });
  }
  const node = await loadNode(root);
  errors.push(...node.errors);
  const found = node.searched.filter((s) => s.status === 'found').length;
  if (errors.length === 0 && found === 0) {
    errors.push({ kind: 'input', file: node.root, message: `found no Kubernetes node configuration under ${node.root} (no kubelet unit or config, static pod manifests, kubeconfigs or k3s/RKE2 configuration)` });
  }
  return { report: scan(node.resources, { ...options, loadErrors: errors }), node };
}
