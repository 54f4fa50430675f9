import { defineControl, type ControlReport } from '../../core/control.js';
import type { Path } from '../../core/path.js';
import type { Resource } from '../../core/resource.js';
import { asArray, asRecord, asString, asStringArray } from '../../core/values.js';
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
      'NetworkPolicies are enforced by the CNI plugin, not by Kubernetes: with flannel alone, kubenet, or the AWS VPC CNI without its network policy agent, every policy is accepted by the API server and silently ignored. The checklist of the guidance starts with a CNI that enforces them. The heuristic looks at the DaemonSets of the cluster: Calico, Canal, Cilium (GKE Dataplane V2 anetd), Antrea, Weave Net, kube-router, Azure NPM, kube-network-policies, OVN-Kubernetes and Kube-OVN enforce policies; flannel alone and aws-node without --enable-network-policy=true do not; anything else cannot be judged from the workloads.',
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
  const flannelContainer = containers.find((c) => flannel.test((asString(c.spec['image']) ?? '').toLowerCase()));
  if (flannelContainer || flannel.test(name)) {
    const where = flannelContainer ?? containers[0];
    return { daemonSet, path: where ? [...where.path, 'image'] : ['metadata', 'name'], cni: 'flannel' };
  }
  return undefined;
}

function args(container: Record<string, unknown>): string[] {
  return [...asStringArray(container['command']), ...asStringArray(container['args'])];
}
