import { defineControl, type ControlReport } from '../../core/control.js';
import type { Path } from '../../core/path.js';
import type { Resource } from '../../core/resource.js';
import { parseImageReference } from '../../core/images.js';
import { asArray, asRecord, asString, asStringArray } from '../../core/values.js';
import { compareVersions, parseVersion } from '../../core/versions.js';
import { catalogFields } from '../../guidance/lookup.js';

const DAEMONSET_KINDS = ['apps/DaemonSet', 'extensions/DaemonSet'];
const UNRECOGNISED = 'unrecognised';

/** CNI plugins and policy agents that enforce NetworkPolicy, recognised by DaemonSet name or image. */
const policyEngines: readonly { readonly name: string; readonly pattern: RegExp }[] = [
  { name: 'Calico', pattern: /(^|[/-])(calico[/-]node|calico-node|canal|tigera)/ },
  { name: 'Cilium', pattern: /(^|\/)cilium([/:@-]|$)|(^|\/)anetd(:|@|$)/ },
  { name: 'Antrea', pattern: /(^|\/)antrea/ },
  { name: 'Weave Net', pattern: /(^|\/)weave-(net|npc|kube)/ },
  { name: 'kube-router', pattern: /(^|\/)kube-router(:|@|$)/ },
  { name: 'Azure Network Policy Manager', pattern: /(^|\/)azure-npm/ },
  { name: 'kube-network-policies', pattern: /(^|\/)kube-network-policies/ },
  { name: 'OVN-Kubernetes', pattern: /(^|\/)(ovnkube|ovn-kubernetes)/ },
  { name: 'Kube-OVN', pattern: /(^|\/)kube-ovn/ },
];

/** CNI plugins that never enforce NetworkPolicy on their own. */
const flannel = /(^|[/-])flannel([/:@-]|$)|(^|\/)kube-flannel/;

/** The AWS VPC CNI (aws-node) enforces NetworkPolicy only with its node agent started with --enable-network-policy=true. */
const AWS_NODE = /(^|\/)amazon-k8s-cni(:|@|$)|^aws-node$/;

/**
 * kindnet, the CNI of kind and minikube, in its three lines: kind's in-tree `kindest/kindnetd` (date tags),
 * the standalone project (`ghcr.io/aojea/kindnetd`, semantic versions) and its kubernetes-sigs continuation
 * (`registry.k8s.io/networking/kindnet`). They embed kube-network-policies from kind v0.24 (kindnetd
 * v20240813) and from aojea v1.3.0 on; every sigs release does. All honour `--network-policy=false`.
 */
const KIND_KINDNETD = /(^|\/)kindest\/kindnetd$/;
const STANDALONE_KINDNET = /(^|\/)kindnetd?$/;
const SIGS_KINDNET = /(^|\/)networking\/kindnet$/;
/** The kindnetd of kind v0.23 (v20240513) did not enforce policies; the one of kind v0.24 (v20240813) does. */
const KIND_LAST_WITHOUT_POLICIES = 20240513;
const KIND_FIRST_WITH_POLICIES = 20240813;
const STANDALONE_FIRST_WITH_POLICIES = [1, 3, 0];

interface Finding {
  readonly daemonSet: Resource;
  readonly path: Path;
  readonly cni: string;
}

export default defineControl({
  target: 'cluster',
  wholeClusterOnly: true,
  reads: DAEMONSET_KINDS,
  meta: {
    ...catalogFields('NSA-NET-003'),
    slug: 'cni-network-policy-support',
    heuristic: true,
    rationale:
      'NetworkPolicies are enforced by the CNI plugin, not by Kubernetes: with flannel alone, kubenet, or the AWS VPC CNI without its network policy agent, every policy is accepted by the API server and silently ignored. The checklist of the guidance starts with a CNI that enforces them. The heuristic looks at the DaemonSets of the cluster: Calico, Canal, Cilium (GKE Dataplane V2 anetd), Antrea, Weave Net, kube-router, Azure NPM, kube-network-policies, OVN-Kubernetes, Kube-OVN and kindnet from kind v0.24 (kindnetd v20240813) or v1.3.0 enforce policies; flannel alone, older kindnet, and aws-node without --enable-network-policy=true do not; anything else cannot be judged from the workloads.',
    remediation:
      'Install a policy-capable CNI (or a policy engine next to flannel, as Canal does); on EKS enable the VPC CNI network policy agent, on GKE network policy enforcement or Dataplane V2, on AKS a network policy engine.',
    messages: {
      noPolicyEngine:
        'DaemonSet "{{name}}" runs {{cni}}, which does not enforce NetworkPolicy, and no policy engine runs in the cluster: every NetworkPolicy is ignored.',
    },
    example: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: cilium, namespace: kube-system}
spec:
  selector: {matchLabels: {k8s-app: cilium}}
  template:
    metadata: {labels: {k8s-app: cilium}}
    spec:
      containers: [{name: cilium-agent, image: quay.io/cilium/cilium:v1.16.3}]
`,
  },
  *check(_cluster, { index }, tally): Iterable<ControlReport<'noPolicyEngine'>> {
    const daemonSets = DAEMONSET_KINDS.flatMap((kind) => index.list(kind));
    const nonEnforcing: Finding[] = [];
    for (const daemonSet of daemonSets) {
      const verdict = judge(daemonSet);
      if (verdict === 'enforces') return;
      if (verdict) nonEnforcing.push(verdict);
    }
    if (nonEnforcing.length === 0) {
      tally.set(UNRECOGNISED, 1);
      return;
    }
    for (const finding of nonEnforcing) {
      yield { messageId: 'noPolicyEngine', data: { name: finding.daemonSet.ref.name, cni: finding.cni }, path: finding.path, subject: finding.daemonSet };
    }
  },
  conclude(tally) {
    if (!tally.has(UNRECOGNISED)) return undefined;
    return {
      status: 'not-evaluated',
      reason:
        'no DaemonSet of a known CNI was found, so whether NetworkPolicies are enforced cannot be told from the workloads; check the CNI (or GKE network policy / Dataplane V2, EKS VPC CNI enableNetworkPolicy, AKS networkPolicy) by hand',
    };
  },
});

function containersOf(daemonSet: Resource): { spec: Record<string, unknown>; path: Path }[] {
  const podSpec = asRecord(asRecord(asRecord(daemonSet.object['spec'])?.['template'])?.['spec']) ?? {};
  const found: { spec: Record<string, unknown>; path: Path }[] = [];
  for (const list of ['initContainers', 'containers']) {
    asArray(podSpec[list]).forEach((entry, i) => {
      const spec = asRecord(entry);
      if (spec) found.push({ spec, path: ['spec', 'template', 'spec', list, i] });
    });
  }
  return found;
}

/** 'enforces', a finding for a CNI that does not, or undefined for a DaemonSet that is no CNI we know. */
function judge(daemonSet: Resource): 'enforces' | Finding | undefined {
  const name = daemonSet.ref.name.toLowerCase();
  const containers = containersOf(daemonSet);
  const images = containers.map((c) => (asString(c.spec['image']) ?? '').toLowerCase());
  const subjects = [name, ...images];
  for (const engine of policyEngines) {
    if (!subjects.some((s) => engine.pattern.test(s))) continue;
    // kube-router enforces policies through its firewall, which --run-firewall=false switches off.
    const off = engine.name === 'kube-router' ? containers.find((c) => args(c.spec).includes('--run-firewall=false')) : undefined;
    if (off) return { daemonSet, path: [...off.path, 'args'], cni: 'kube-router with --run-firewall=false' };
    return 'enforces';
  }
  const awsNode = containers.find((c) => AWS_NODE.test((asString(c.spec['image']) ?? '').toLowerCase())) ?? (AWS_NODE.test(name) ? containers[0] : undefined);
  if (awsNode) {
    const agent = containers.some((c) => args(c.spec).some((a) => /^--enable-network-policy(=true)?$/.test(a)));
    return agent ? 'enforces' : { daemonSet, path: [...awsNode.path, 'image'], cni: 'the AWS VPC CNI without its network policy agent' };
  }
  const kindnet = judgeKindnet(daemonSet, containers);
  if (kindnet) return kindnet === 'undated' ? undefined : kindnet;
  const flannelContainer = containers.find((c) => flannel.test((asString(c.spec['image']) ?? '').toLowerCase()));
  if (flannelContainer || flannel.test(name)) {
    const where = flannelContainer ?? containers[0];
    return { daemonSet, path: where ? [...where.path, 'image'] : ['metadata', 'name'], cni: 'flannel' };
  }
  return undefined;
}

/**
 * 'enforces', a finding for a kindnet that does not, 'undated' for a kindnet whose version cannot be told
 * (no tag, `latest`, or a kind dev build between v0.23 and v0.24), or undefined when no container runs kindnet.
 */
function judgeKindnet(daemonSet: Resource, containers: readonly { spec: Record<string, unknown>; path: Path }[]): 'enforces' | 'undated' | Finding | undefined {
  let verdict: 'enforces' | 'undated' | Finding | undefined;
  for (const container of containers) {
    const image = asString(container.spec['image']) ?? '';
    const { name, tag } = parseImageReference(image.trim().toLowerCase());
    const line = KIND_KINDNETD.test(name) ? 'kind' : SIGS_KINDNET.test(name) ? 'sigs' : STANDALONE_KINDNET.test(name) ? 'standalone' : undefined;
    if (!line) continue;
    const switchedOff = policyFlag(container);
    if (switchedOff?.value === false) {
      return { daemonSet, path: [...container.path, switchedOff.field], cni: 'kindnet with --network-policy=false' };
    }
    const enforces = kindnetEnforces(line, tag, switchedOff?.value === true);
    if (enforces === true) return 'enforces';
    if (enforces === false) {
      verdict = { daemonSet, path: [...container.path, 'image'], cni: line === 'kind' ? 'kindnet older than kind v0.24 (kindnetd v20240813)' : 'kindnet older than v1.3.0' };
    } else if (!verdict) {
      verdict = 'undated';
    }
  }
  return verdict;
}

/** Whether a kindnet of this line and tag enforces NetworkPolicy, or undefined when the tag cannot tell. */
function kindnetEnforces(line: 'kind' | 'sigs' | 'standalone', tag: string | undefined, askedFor: boolean): boolean | undefined {
  if (line === 'sigs') return true;
  if (tag === undefined) return undefined;
  const dated = /^v(\d{8})(?:-|$)/.exec(tag);
  if (dated) {
    if (line !== 'kind') return undefined;
    const date = Number(dated[1]);
    if (date >= KIND_FIRST_WITH_POLICIES) return true;
    return date <= KIND_LAST_WITHOUT_POLICIES ? false : undefined;
  }
  // Semantic versions: kind's own kindnetd was tagged 0.x before its date tags, none of them with policies.
  if (!/^v?\d+\.\d+/.test(tag)) return undefined;
  const version = parseVersion(tag);
  if (!version) return undefined;
  if (compareVersions(version, STANDALONE_FIRST_WITH_POLICIES) >= 0) return line === 'standalone' ? true : undefined;
  // Older standalone releases had an opt-in controller that was not reliable yet: asked for, it cannot be judged.
  return askedFor ? undefined : false;
}

/** The value of kindnetd's `--network-policy` flag and the field that sets it, when it is given. */
function policyFlag(container: { spec: Record<string, unknown> }): { value: boolean; field: 'command' | 'args' } | undefined {
  let found: { value: boolean; field: 'command' | 'args' } | undefined;
  for (const field of ['command', 'args'] as const) {
    for (const arg of asStringArray(container.spec[field])) {
      const match = /^--?network-policy(?:=(.*))?$/.exec(arg.trim());
      if (!match) continue;
      const value = (match[1] ?? 'true').toLowerCase();
      // Go's flag package reads a boolean as strconv.ParseBool does; the last occurrence wins.
      if (['1', 't', 'true'].includes(value)) found = { value: true, field };
      else if (['0', 'f', 'false'].includes(value)) found = { value: false, field };
    }
  }
  return found;
}

function args(container: Record<string, unknown>): string[] {
  return [...asStringArray(container['command']), ...asStringArray(container['args'])];
}
