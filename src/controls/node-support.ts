import type { ClusterControl, ControlContext, ControlMeta, ControlReport, ControlVerdict } from '../core/control.js';
import type { Resource } from '../core/resource.js';
import { asArray, asRecord, asString } from '../core/values.js';
import { componentsOf, nodeConfiguration, referencedFile, type NodeConfiguration } from '../node/configuration.js';
import { CONTROL_PLANE_POD_TEXT, podComponents, type ControlPlaneComponent, type ControlPlaneKind } from '../node/components.js';
import type { Flag, Location } from '../node/flags.js';
import { AUDIT_POLICY, AUTHORIZATION_CONFIGURATION, NODE_READS, NODE_SCAN, POD } from '../node/kinds.js';
import { describeSetting, type KnownSetting, type Kubelet } from '../node/kubelet.js';
import { kubeletSettings, type KubeletSettingName } from '../node/kubelet-settings.js';

/** A subject that cannot be judged from this input, and why (a file its flag points to is missing). */
export class NotJudged {
  constructor(readonly reason: string) {}
}

export type Judgement<M extends string> = Iterable<ControlReport<M>> | NotJudged;

export interface NodeControlSpec<M extends string, S> {
  readonly meta: ControlMeta<M>;
  /** The components (or kubelets, or files) the control judges. */
  subjects(configuration: NodeConfiguration): readonly S[];
  /** Why there is nothing to judge, when subjects() is empty. */
  none(configuration: NodeConfiguration): string;
  /** Where a finding about the subject as a whole goes (the Pod's container, the kubelet's config file). */
  anchor(subject: S): Location | undefined;
  /** A short name for messages. */
  label(subject: S): string;
  judge(subject: S, configuration: NodeConfiguration, ctx: ControlContext): Judgement<M>;
}

const notJudgedMessage = 'Not judged for {{subject}}: {{reason}}.';

/**
 * A control over the node and control-plane configuration. It runs once, after the index is built, over
 * the configuration derived from it, and gives each finding to the resource that holds the flag or field
 * (the Pod at `spec.containers[0].command[7]`, the KubeletConfiguration at its field, the flag file at its
 * line). When no subject can be judged the control is not evaluated, with the reason; when only some can,
 * the others get a warning that says why, so that a pass never hides them.
 */
export function nodeControl<const M extends string, S>(spec: NodeControlSpec<M, S>): ClusterControl<M | 'notJudged'> {
  const meta: ControlMeta<M | 'notJudged'> = { ...spec.meta, messages: { ...spec.meta.messages, notJudged: notJudgedMessage } };
  return {
    target: 'cluster',
    reads: NODE_READS,
    // Of all Pods, only the control-plane ones (static or mirror pods) carry component flags.
    readsOnly: { [POD]: (pod) => podComponents(pod).length > 0 },
    readsOnlyText: { [POD]: CONTROL_PLANE_POD_TEXT },
    meta,
    precondition(ctx) {
      const configuration = ctx.index.derive(nodeConfiguration);
      const subjects = spec.subjects(configuration);
      if (subjects.length === 0) return { status: 'not-evaluated', reason: spec.none(configuration) };
      const reasons = subjects.map((s) => spec.judge(s, configuration, ctx)).map((j) => (j instanceof NotJudged ? j.reason : undefined));
      if (reasons.every((r) => r !== undefined)) return { status: 'not-evaluated', reason: [...new Set(reasons)].join('; ') };
      return undefined;
    },
    *check(_cluster, ctx) {
      const configuration = ctx.index.derive(nodeConfiguration);
      for (const subject of spec.subjects(configuration)) {
        const judgement = spec.judge(subject, configuration, ctx);
        if (!(judgement instanceof NotJudged)) {
          yield* judgement;
          continue;
        }
        const anchor = spec.anchor(subject);
        if (anchor) yield report(anchor, 'notJudged', { subject: spec.label(subject), reason: judgement.reason.replace(/\.$/, '') }, 'warning');
      }
    },
  };
}

/** A finding on the resource that holds the setting, at the setting. */
export function report<M extends string>(
  at: Location,
  messageId: M,
  data?: Readonly<Record<string, string | number | undefined>>,
  status?: 'warning',
): ControlReport<M> {
  return { messageId, path: at.path, subject: at.resource, ...(data ? { data } : {}), ...(status ? { status } : {}) };
}

const componentNames: Readonly<Record<ControlPlaneKind, string>> = {
  'kube-apiserver': 'kube-apiserver',
  etcd: 'etcd',
  'kube-scheduler': 'kube-scheduler',
  'kube-controller-manager': 'kube-controller-manager',
};

/** Why the input holds no such component, in the words of the scan it was. */
export function noComponent(configuration: NodeConfiguration, kinds: readonly ControlPlaneKind[]): string {
  const names = kinds.map((k) => componentNames[k]).join(' or ');
  const scan = configuration.evidence.nodeScan;
  const rancher = configuration.distribution;
  if (rancher?.role === 'agent') return `no ${names} runs on this node: it is a ${rancher.distribution} agent`;
  if (rancher?.distribution === 'k3s' && kinds.includes('etcd') && kinds.length === 1) {
    return 'no etcd runs on this node: k3s keeps its datastore in SQLite behind kine unless it is started with cluster-init (or etcd-arg)';
  }
  if (scan) {
    const where = scan.distribution === 'kubeadm' ? 'no static pod manifest for it in the kubelet\'s static pod folder' : `no ${scan.distribution} server configuration`;
    return `no ${names} runs on this node (${where}): a worker node, or a managed control plane`;
  }
  return `no ${names} in the input: give its static pod manifest (/etc/kubernetes/manifests), its mirror pod from kube-system, or scan a control-plane node with --node`;
}

export function noKubelet(configuration: NodeConfiguration): string {
  const scan = configuration.evidence.nodeScan;
  if (scan) return 'no kubelet found on this node: no kubelet systemd unit, no k3s/RKE2 configuration, no KubeletConfiguration at the standard paths';
  return 'no kubelet configuration in the input: give its KubeletConfiguration (/var/lib/kubelet/config.yaml) and flag files (10-kubeadm.conf, kubeadm-flags.env), or scan the node with --node';
}

/** The spec parts every control over one kind of component shares. */
export function componentSubjects(kinds: readonly ControlPlaneKind[]): Pick<NodeControlSpec<string, ControlPlaneComponent>, 'subjects' | 'none' | 'anchor' | 'label'> {
  return {
    subjects: (configuration) => kinds.flatMap((k) => componentsOf(configuration, k)),
    none: (configuration) => noComponent(configuration, kinds),
    anchor: (component) => component.missingAt,
    label: (component) => `${component.kind} (${component.label})`,
  };
}

export const kubeletSubjects: Pick<NodeControlSpec<string, Kubelet>, 'subjects' | 'none' | 'anchor' | 'label'> = {
  subjects: (configuration) => configuration.kubelets,
  none: noKubelet,
  anchor: (kubelet) => kubelet.anchor,
  label: (kubelet) => kubelet.label,
};


/** Kubelet settings a control needs, or NotJudged when one of them cannot be told from the input. */
export function kubeletSettingsOf<const N extends KubeletSettingName>(kubelet: Kubelet, names: readonly N[]): Record<N, KnownSetting> | NotJudged {
  const settings = {} as Record<N, KnownSetting>;
  for (const name of names) {
    const setting = kubelet.setting(name);
    if (!setting.known) return new NotJudged(setting.reason);
    settings[name] = setting;
  }
  return settings;
}

/** A kubelet setting as a message shows it: where it is written, or which default applies. */
export function shown(setting: KnownSetting, name: KubeletSettingName): string {
  return describeSetting(setting, kubeletSettings[name]);
}

/** An authorizer of the API server (a --authorization-mode entry or an AuthorizationConfiguration authorizer), located. */
export interface Authorizer {
  readonly type: string;
  readonly at: Location;
}

/**
 * The API server's authorizers: from --authorization-config (AuthorizationConfiguration `authorizers[].type`)
 * when set, else --authorization-mode, whose default is AlwaysAllow. `defaulted` says the flag is unset.
 */
export function apiServerAuthorizers(apiServer: ControlPlaneComponent, configuration: NodeConfiguration): { authorizers: Authorizer[]; defaulted: boolean } | NotJudged {
  const configFlag = apiServer.flags.nonEmpty('authorization-config');
  if (configFlag) {
    const found = referencedFile(configuration, apiServer, configFlag, [AUTHORIZATION_CONFIGURATION], 'the authorization configuration');
    if (!found.resource) return new NotJudged(found.reason);
    const resource = found.resource;
    const authorizers = asArray(resource.object['authorizers']).flatMap((entry, i) => {
      const type = asString(asRecord(entry)?.['type']);
      return type ? [{ type, at: { resource, path: ['authorizers', i, 'type'] } }] : [];
    });
    return { authorizers, defaulted: false };
  }
  const modes = apiServer.flags.list('authorization-mode');
  if (modes.length === 0) return { authorizers: [{ type: 'AlwaysAllow', at: apiServer.missingAt }], defaulted: true };
  return { authorizers: modes.map(({ item, flag }) => ({ type: item, at: flag.at })), defaulted: false };
}

/** The file a kube-apiserver flag names, as a resource of the given kinds, or why it cannot be judged. */
export function apiServerFile(
  apiServer: ControlPlaneComponent,
  configuration: NodeConfiguration,
  flagName: string,
  kinds: readonly string[],
  what: string,
  see: string,
): { resource: Resource; flag: Flag } | NotJudged {
  const flag = apiServer.flags.nonEmpty(flagName);
  if (!flag) return new NotJudged(`kube-apiserver has no --${flagName} (${see})`);
  const found = referencedFile(configuration, apiServer, flag, kinds, what);
  return found.resource ? { resource: found.resource, flag } : new NotJudged(found.reason);
}

/** The audit Policy of the API server (--audit-policy-file), or why it cannot be judged. */
export function auditPolicyOf(apiServer: ControlPlaneComponent, configuration: NodeConfiguration): { resource: Resource; flag: Flag } | NotJudged {
  return apiServerFile(apiServer, configuration, 'audit-policy-file', [AUDIT_POLICY], 'the audit policy', 'no audit policy: see NSA-LOG-001');
}

