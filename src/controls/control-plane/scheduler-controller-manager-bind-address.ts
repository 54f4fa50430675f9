import { catalogFields } from '../../guidance/lookup.js';
import { formatVersion } from '../../node/components.js';
import { componentSubjects, nodeControl, report } from '../node-support.js';

/** kube-scheduler and kube-controller-manager lost their insecure --port flag in Kubernetes 1.24. */
const PORT_REMOVED_IN_MINOR = 24;
const insecurePortDefaults: Readonly<Record<string, number>> = { 'kube-scheduler': 10251, 'kube-controller-manager': 10252 };

export default nodeControl({
  ...componentSubjects(['kube-scheduler', 'kube-controller-manager']),
  meta: {
    ...catalogFields('NSA-CP-010'),
    slug: 'scheduler-controller-manager-bind-address',
    rationale:
      'The scheduler (10259) and the controller manager (10257) serve health and metrics endpoints that only the control plane needs. Bound to 0.0.0.0, the default, they are reachable from every network the node is on. Old releases also served an unauthenticated insecure port unless --port=0.',
    remediation: 'Set --bind-address=127.0.0.1 on kube-scheduler and kube-controller-manager; on releases before 1.24 also set --port=0.',
    messages: {
      bindAddress: '{{component}} listens on {{setting}}, not only on 127.0.0.1.',
      insecurePort: '{{component}} serves its unauthenticated insecure port: {{setting}} (Kubernetes {{version}}).',
    },
    example: `apiVersion: v1
kind: Pod
metadata: {name: kube-scheduler, namespace: kube-system}
spec:
  containers:
    - name: kube-scheduler
      image: registry.k8s.io/kube-scheduler:v1.30.2
      command: [kube-scheduler, --bind-address=127.0.0.1, --kubeconfig=/etc/kubernetes/scheduler.conf]
`,
  },
  judge(component, _configuration, { settings }) {
    const reports = [];
    const bind = component.flags.get('bind-address');
    if (!bind) reports.push(report(component.missingAt, 'bindAddress', { component: component.kind, setting: 'every interface (--bind-address is unset; the default is 0.0.0.0)' }));
    else if (bind.value.trim() !== '127.0.0.1') reports.push(report(bind.at, 'bindAddress', { component: component.kind, setting: `--bind-address=${bind.value}` }));
    const version = component.version ?? settings.pssVersion;
    const port = component.flags.get('port');
    const data = { component: component.kind, version: formatVersion(version) };
    if (port && port.value.trim() !== '0') reports.push(report(port.at, 'insecurePort', { ...data, setting: `--port=${port.value}` }));
    else if (!port && version.minor < PORT_REMOVED_IN_MINOR) {
      reports.push(report(component.missingAt, 'insecurePort', { ...data, setting: `--port is unset (the default is ${insecurePortDefaults[component.kind]})` }));
    }
    return reports;
  },
});
