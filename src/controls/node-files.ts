import type { Resource } from '../core/resource.js';
import { asNumber } from '../core/values.js';
import type { NodeConfiguration } from '../node/configuration.js';
import { NotJudged } from './node-support.js';

export type FileProblem =
  | { readonly kind: 'tooOpen'; readonly mode: string; readonly owner?: undefined }
  | { readonly kind: 'notRoot'; readonly owner: string; readonly mode?: undefined };

export function formatMode(mode: number): string {
  return '0' + (mode & 0o7777).toString(8).padStart(3, '0');
}

/** The record (mode, owner) of a file on the node, or why there is none: not a node scan, or not there. */
export function nodeFileJudgement(configuration: NodeConfiguration, path: string, what: string): Resource | NotJudged {
  const { evidence } = configuration;
  if (!evidence.nodeScan) return new NotJudged(`file modes and owners are read only by node scans (kubeharden scan --node), and this scan was given files`);
  const record = evidence.nodeFile(path);
  if (record) return record;
  const searched = evidence.nodeScan.searched.get(path);
  return new NotJudged(`${what} ${path} ${searched?.status === 'unreadable' ? `could not be read (${searched.detail ?? 'error'})` : 'was not found on the node'}`);
}

/**
 * What is wrong with a file that holds credentials: any permission beyond 0600 (group, others, execute,
 * setuid), or an owner other than root (and, with `ownerGroup`, a group other than root).
 */
export function fileProtection(record: Resource, options: { readonly ownerGroup: boolean }): FileProblem[] {
  const mode = asNumber(record.object['mode']) ?? 0;
  const uid = asNumber(record.object['uid']);
  const gid = asNumber(record.object['gid']);
  const problems: FileProblem[] = [];
  if ((mode & 0o7777 & ~0o600) !== 0) problems.push({ kind: 'tooOpen', mode: formatMode(mode) });
  if (uid !== 0 || (options.ownerGroup && gid !== 0)) problems.push({ kind: 'notRoot', owner: `uid ${uid ?? '?'}, gid ${gid ?? '?'}` });
  return problems;
}
