import { catalogFields } from '../../guidance/lookup.js';
import { splitList } from '../../node/flags.js';
import { componentSubjects, nodeControl, report } from '../node-support.js';

export default nodeControl({
  ...componentSubjects(['etcd']),
  meta: {
    ...catalogFields('NSA-CP-007'),
    slug: 'etcd-listen-address',
    rationale:
      'The guidance puts etcd behind a firewall that only API servers get through. Listening on every interface (0.0.0.0 or [::]) exposes it on networks it does not need; whether the firewall holds is a manual check.',
    remediation: 'List only localhost and the node address the API servers use in --listen-client-urls, and firewall port 2379 to the API servers.',
    messages: {
      allInterfaces: 'etcd listens for clients on every interface: {{url}} (--listen-client-urls).',
    },
    example: `apiVersion: v1
kind: Pod
metadata: {name: etcd, namespace: kube-system}
spec:
  containers:
    - name: etcd
      image: registry.k8s.io/etcd:3.5.12-0
      command: [etcd, "--listen-client-urls=https://127.0.0.1:2379,https://192.168.56.10:2379"]
`,
  },
  judge(etcd) {
    const listen = etcd.flags.get('listen-client-urls');
    if (!listen) return [];
    return splitList(listen.value)
      .filter((url) => /^[a-z]+:\/\/(0\.0\.0\.0|\[::\])(:|\/|$)/i.test(url))
      .map((url) => report(listen.at, 'allInterfaces', { url }, 'warning'));
  },
});
