import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  LATEST_PSS_VERSION,
  admittedAtLevel,
  evaluatePodSecurity,
  formatPssVersion,
  parsePssVersion,
  type PssCheckId,
  type PssResult,
} from './evaluate.js';

type Json = Record<string, unknown>;

/** A pod spec that satisfies restricted at every version; tests mutate a fresh copy. */
function restrictedSpec(): Json {
  const containerSecurityContext = () => ({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
  return {
    containers: [{ name: 'app', image: 'registry.k8s.io/pause', securityContext: containerSecurityContext() }],
    initContainers: [{ name: 'init', image: 'registry.k8s.io/pause', securityContext: containerSecurityContext() }],
    securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
  };
}

function at(minor: number) {
  return { major: 1 as const, minor };
}

function checksOf(result: PssResult): PssCheckId[] {
  return result.violations.map((violation) => violation.check);
}

function containerAt(spec: Json, list: string, index: number): Json {
  const containers = spec[list] as Json[];
  const container = containers[index];
  assert.ok(container);
  return container;
}

function securityContextOf(container: Json): Json {
  container['securityContext'] ??= {};
  return container['securityContext'] as Json;
}

describe('versions', () => {
  const accepted: Array<[string, string]> = [
    ['v1.0', 'v1.0'],
    ['1.25', 'v1.25'],
    ['v1.37', 'v1.37'],
    ['latest', 'v1.37'],
    [' v1.30 ', 'v1.30'],
  ];
  for (const [text, formatted] of accepted) {
    test(`parses ${JSON.stringify(text)}`, () => {
      assert.equal(formatPssVersion(parsePssVersion(text)), formatted);
    });
  }
  for (const text of ['v1.38', 'v2.0', '1', 'v1.07', '1.5.1', '', 'v1.x', 'Latest ']) {
    test(`rejects ${JSON.stringify(text)} with a clear message`, () => {
      assert.throws(() => parsePssVersion(text), /invalid Pod Security Standards version .*v1\.0 to v1\.37/);
    });
  }
  test('latest is v1.37', () => {
    assert.deepEqual(LATEST_PSS_VERSION, { major: 1, minor: 37 });
  });
  test('versions newer than the newest policy evaluate as the newest, like PSA', () => {
    assert.equal(evaluatePodSecurity({}, restrictedSpec(), at(40)).version, 'v1.37');
  });
  test('an impossible minor is a programming error', () => {
    assert.throws(() => evaluatePodSecurity({}, restrictedSpec(), at(-1)), RangeError);
    assert.throws(() => evaluatePodSecurity({}, restrictedSpec(), at(1.5)), RangeError);
  });
});

describe('levels', () => {
  test('a compliant pod is restricted at every version', () => {
    for (let minor = 0; minor <= 37; minor += 1) {
      const result = evaluatePodSecurity({}, restrictedSpec(), at(minor));
      assert.deepEqual(result.violations, [], `v1.${minor}`);
      assert.equal(result.level, 'restricted');
    }
  });
  test('only restricted failures give baseline; any baseline failure gives privileged', () => {
    const spec = restrictedSpec();
    delete (spec['securityContext'] as Json)['runAsNonRoot'];
    assert.equal(evaluatePodSecurity({}, spec, LATEST_PSS_VERSION).level, 'baseline');
    spec['hostPID'] = true;
    const result = evaluatePodSecurity({}, spec, LATEST_PSS_VERSION);
    assert.equal(result.level, 'privileged');
    assert.deepEqual(checksOf(result), ['hostNamespaces', 'runAsNonRoot']);
  });
  test('a failing check is reported once, with the level that defines it', () => {
    const spec = restrictedSpec();
    spec['volumes'] = [{ name: 'host', hostPath: { path: '/' } }];
    const result = evaluatePodSecurity({}, spec, LATEST_PSS_VERSION);
    assert.deepEqual(
      result.violations.map((violation) => [violation.check, violation.level, violation.path]),
      [
        ['hostPathVolumes', 'baseline', ['spec', 'volumes', 0, 'hostPath']],
        ['restrictedVolumes', 'restricted', ['spec', 'volumes', 0, 'hostPath']],
      ],
    );
  });
  test('messages read like PSA reasons and details', () => {
    const spec = restrictedSpec();
    securityContextOf(containerAt(spec, 'containers', 0))['privileged'] = true;
    const [violation] = evaluatePodSecurity({}, spec, LATEST_PSS_VERSION).violations;
    assert.equal(violation?.message, 'privileged (container "app" must not set securityContext.privileged=true)');
    assert.deepEqual(violation?.path, ['spec', 'containers', 0, 'securityContext', 'privileged']);
  });
});

describe('runAsNonRoot: pod level versus container level', () => {
  test('pod-level true covers containers that leave it unset', () => {
    assert.deepEqual(checksOf(evaluatePodSecurity({}, restrictedSpec(), LATEST_PSS_VERSION)), []);
  });
  test('a container may not override pod-level true with false', () => {
    const spec = restrictedSpec();
    securityContextOf(containerAt(spec, 'containers', 0))['runAsNonRoot'] = false;
    const [violation] = evaluatePodSecurity({}, spec, LATEST_PSS_VERSION).violations;
    assert.equal(violation?.check, 'runAsNonRoot');
    assert.deepEqual(violation?.path, ['spec', 'containers', 0, 'securityContext', 'runAsNonRoot']);
    assert.match(violation?.message ?? '', /container "app" must not set securityContext.runAsNonRoot=false/);
  });
  test('without pod level, every container must set true', () => {
    const spec = restrictedSpec();
    delete (spec['securityContext'] as Json)['runAsNonRoot'];
    securityContextOf(containerAt(spec, 'containers', 0))['runAsNonRoot'] = true;
    const [violation] = evaluatePodSecurity({}, spec, LATEST_PSS_VERSION).violations;
    assert.equal(violation?.check, 'runAsNonRoot');
    assert.deepEqual(violation?.path, ['spec', 'securityContext', 'runAsNonRoot']);
    assert.match(violation?.message ?? '', /pod or container "init" must set securityContext.runAsNonRoot=true/);
    securityContextOf(containerAt(spec, 'initContainers', 0))['runAsNonRoot'] = true;
    assert.deepEqual(checksOf(evaluatePodSecurity({}, spec, LATEST_PSS_VERSION)), []);
  });
  test('pod-level false fails even when every container sets true', () => {
    const spec = restrictedSpec();
    (spec['securityContext'] as Json)['runAsNonRoot'] = false;
    securityContextOf(containerAt(spec, 'containers', 0))['runAsNonRoot'] = true;
    securityContextOf(containerAt(spec, 'initContainers', 0))['runAsNonRoot'] = true;
    const [violation] = evaluatePodSecurity({}, spec, LATEST_PSS_VERSION).violations;
    assert.deepEqual(violation?.path, ['spec', 'securityContext', 'runAsNonRoot']);
  });
  test('ephemeral containers count too', () => {
    const spec = restrictedSpec();
    delete (spec['securityContext'] as Json)['runAsNonRoot'];
    for (const list of ['containers', 'initContainers']) {
      securityContextOf(containerAt(spec, list, 0))['runAsNonRoot'] = true;
    }
    spec['ephemeralContainers'] = [
      { name: 'debug', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } },
    ];
    assert.deepEqual(checksOf(evaluatePodSecurity({}, spec, LATEST_PSS_VERSION)), ['runAsNonRoot']);
  });
});

describe('hostUsers: false (user namespaces) relaxations arrive at v1.35', () => {
  function userNamespacedSpec(): Json {
    const spec = restrictedSpec();
    spec['hostUsers'] = false;
    delete (spec['securityContext'] as Json)['runAsNonRoot'];
    (spec['securityContext'] as Json)['runAsUser'] = 0;
    return spec;
  }
  test('v1.34 still requires runAsNonRoot and forbids runAsUser=0', () => {
    assert.deepEqual(checksOf(evaluatePodSecurity({}, userNamespacedSpec(), at(34))), ['runAsNonRoot', 'runAsUser']);
  });
  test('v1.35 skips runAsNonRoot and runAsUser', () => {
    assert.deepEqual(checksOf(evaluatePodSecurity({}, userNamespacedSpec(), at(35))), []);
  });
  test('hostUsers: true or a non-boolean does not relax', () => {
    for (const hostUsers of [true, 'false', null]) {
      const spec = userNamespacedSpec();
      spec['hostUsers'] = hostUsers;
      assert.deepEqual(checksOf(evaluatePodSecurity({}, spec, at(35))), ['runAsNonRoot', 'runAsUser'], String(hostUsers));
    }
  });
  test('procMount: baseline relaxes at v1.35, restricted stays strict through procMount_restricted', () => {
    const spec = restrictedSpec();
    spec['hostUsers'] = false;
    securityContextOf(containerAt(spec, 'containers', 0))['procMount'] = 'Unmasked';
    const before = evaluatePodSecurity({}, spec, at(34));
    assert.deepEqual(checksOf(before), ['procMount']);
    assert.equal(before.level, 'privileged');
    const after = evaluatePodSecurity({}, spec, at(35));
    assert.deepEqual(checksOf(after), ['procMount_restricted']);
    assert.equal(after.level, 'baseline');
    spec['hostUsers'] = true;
    assert.deepEqual(checksOf(evaluatePodSecurity({}, spec, at(35))), ['procMount', 'procMount_restricted']);
  });
});

describe('Windows pods', () => {
  function windowsSpec(): Json {
    return {
      os: { name: 'windows' },
      containers: [{ name: 'app' }],
      securityContext: { runAsNonRoot: true },
    };
  }
  test('before v1.25 they need the Linux-only restricted fields', () => {
    assert.deepEqual(checksOf(evaluatePodSecurity({}, windowsSpec(), at(24))), [
      'allowPrivilegeEscalation',
      'capabilities_restricted',
      'seccompProfile_restricted',
    ]);
  });
  test('from v1.25 they are exempt from allowPrivilegeEscalation, capabilities and seccomp', () => {
    assert.equal(evaluatePodSecurity({}, windowsSpec(), at(25)).level, 'restricted');
  });
  test('runAsNonRoot still applies', () => {
    const spec = windowsSpec();
    spec['securityContext'] = {};
    assert.deepEqual(checksOf(evaluatePodSecurity({}, spec, LATEST_PSS_VERSION)), ['runAsNonRoot']);
  });
  test('a Linux pod gets no exemption', () => {
    const spec = windowsSpec();
    spec['os'] = { name: 'linux' };
    assert.equal(evaluatePodSecurity({}, spec, LATEST_PSS_VERSION).level, 'baseline');
  });
  test('PSA admits a Windows pod that fails a replaced baseline check into restricted, but level stays privileged', () => {
    const spec = windowsSpec();
    spec['containers'] = [{ name: 'app', securityContext: { capabilities: { add: ['SYS_ADMIN'] } } }];
    const result = evaluatePodSecurity({}, spec, LATEST_PSS_VERSION);
    assert.deepEqual(checksOf(result), ['capabilities_baseline']);
    assert.equal(result.level, 'privileged');
    assert.equal(admittedAtLevel(result, 'baseline'), false);
    assert.equal(admittedAtLevel(result, 'restricted'), true);
    assert.equal(admittedAtLevel(evaluatePodSecurity({}, spec, at(24)), 'restricted'), false);
  });
});

describe('seccomp: annotations before v1.19, fields from v1.19', () => {
  const podAnnotation = 'seccomp.security.alpha.kubernetes.io/pod';
  const containerAnnotation = 'container.seccomp.security.alpha.kubernetes.io/app';
  const cases: Array<{ name: string; annotations: Json; minor: number; expected: PssCheckId[] }> = [
    {
      name: 'pod annotation unconfined at v1.18',
      annotations: { [podAnnotation]: 'unconfined' },
      minor: 18,
      expected: ['seccompProfile_baseline'],
    },
    {
      name: 'pod annotation unconfined at v1.19 is ignored',
      annotations: { [podAnnotation]: 'unconfined' },
      minor: 19,
      expected: [],
    },
    {
      name: 'container annotation unconfined',
      annotations: { [containerAnnotation]: 'unconfined' },
      minor: 10,
      expected: ['seccompProfile_baseline'],
    },
    {
      name: 'annotation for a container that does not exist',
      annotations: { 'container.seccomp.security.alpha.kubernetes.io/ghost': 'unconfined' },
      minor: 10,
      expected: [],
    },
    { name: 'runtime/default', annotations: { [podAnnotation]: 'runtime/default' }, minor: 18, expected: [] },
    { name: 'docker/default', annotations: { [podAnnotation]: 'docker/default' }, minor: 18, expected: [] },
    { name: 'localhost profile', annotations: { [containerAnnotation]: 'localhost/p.json' }, minor: 18, expected: [] },
    { name: 'empty value', annotations: { [podAnnotation]: '' }, minor: 18, expected: ['seccompProfile_baseline'] },
  ];
  for (const { name, annotations, minor, expected } of cases) {
    test(name, () => {
      const result = evaluatePodSecurity({ annotations }, restrictedSpec(), at(minor));
      assert.deepEqual(checksOf(result), expected);
      if (expected.length > 0) assert.equal(result.violations[0]?.path[0], 'metadata');
    });
  }
  test('the annotation path names the annotation', () => {
    const result = evaluatePodSecurity({ annotations: { [podAnnotation]: 'unconfined' } }, restrictedSpec(), at(18));
    assert.deepEqual(result.violations[0]?.path, ['metadata', 'annotations', podAnnotation]);
  });
  test('fields are ignored before v1.19, and restricted does not require a profile there', () => {
    const spec = restrictedSpec();
    (spec['securityContext'] as Json)['seccompProfile'] = { type: 'Unconfined' };
    assert.deepEqual(checksOf(evaluatePodSecurity({}, spec, at(18))), []);
    assert.deepEqual(checksOf(evaluatePodSecurity({}, spec, at(19))), ['seccompProfile_baseline', 'seccompProfile_restricted']);
    delete (spec['securityContext'] as Json)['seccompProfile'];
    assert.deepEqual(checksOf(evaluatePodSecurity({}, spec, at(18))), []);
    assert.deepEqual(checksOf(evaluatePodSecurity({}, spec, at(19))), ['seccompProfile_restricted']);
  });
  test('a container-level profile replaces a missing pod-level one', () => {
    const spec = restrictedSpec();
    delete (spec['securityContext'] as Json)['seccompProfile'];
    for (const list of ['containers', 'initContainers']) {
      securityContextOf(containerAt(spec, list, 0))['seccompProfile'] = { type: 'Localhost', localhostProfile: 'p.json' };
    }
    assert.deepEqual(checksOf(evaluatePodSecurity({}, spec, LATEST_PSS_VERSION)), []);
  });
});

describe('sysctls allow-list grows by version', () => {
  const cases: Array<[string, number]> = [
    ['kernel.shm_rmid_forced', 0],
    ['net.ipv4.ip_unprivileged_port_start', 0],
    ['net.ipv4.ip_local_reserved_ports', 27],
    ['net.ipv4.tcp_keepalive_time', 29],
    ['net.ipv4.tcp_fin_timeout', 29],
    ['net.ipv4.tcp_keepalive_intvl', 29],
    ['net.ipv4.tcp_keepalive_probes', 29],
    ['net.ipv4.tcp_rmem', 32],
    ['net.ipv4.tcp_wmem', 32],
    ['net.ipv4.tcp_slow_start_after_idle', 37],
    ['net.ipv4.tcp_notsent_lowat', 37],
  ];
  for (const [sysctl, sinceMinor] of cases) {
    test(`${sysctl} is allowed from v1.${sinceMinor}`, () => {
      const spec = restrictedSpec();
      (spec['securityContext'] as Json)['sysctls'] = [{ name: sysctl, value: '1' }];
      if (sinceMinor > 0) {
        const before = evaluatePodSecurity({}, spec, at(sinceMinor - 1));
        assert.deepEqual(checksOf(before), ['sysctls']);
        assert.deepEqual(before.violations[0]?.path, ['spec', 'securityContext', 'sysctls', 0, 'name']);
      }
      assert.deepEqual(checksOf(evaluatePodSecurity({}, spec, at(sinceMinor))), []);
    });
  }
  test('kernel.msgmax is never allowed', () => {
    const spec = restrictedSpec();
    (spec['securityContext'] as Json)['sysctls'] = [{ name: 'kernel.msgmax', value: '1' }];
    assert.match(evaluatePodSecurity({}, spec, LATEST_PSS_VERSION).violations[0]?.message ?? '', /forbidden sysctls \(kernel.msgmax\)/);
  });
});

describe('version gates of individual checks', () => {
  function gateCase(name: string, check: PssCheckId, sinceMinor: number, mutate: (spec: Json) => void): void {
    test(`${name}: ${check} from v1.${sinceMinor}`, () => {
      const spec = restrictedSpec();
      mutate(spec);
      assert.ok(!checksOf(evaluatePodSecurity({}, spec, at(sinceMinor - 1))).includes(check));
      assert.ok(checksOf(evaluatePodSecurity({}, spec, at(sinceMinor))).includes(check));
    });
  }
  gateCase('allowPrivilegeEscalation unset', 'allowPrivilegeEscalation', 8, (spec) => {
    delete securityContextOf(containerAt(spec, 'containers', 0))['allowPrivilegeEscalation'];
  });
  gateCase('missing drop ALL', 'capabilities_restricted', 22, (spec) => {
    delete securityContextOf(containerAt(spec, 'containers', 0))['capabilities'];
  });
  gateCase('runAsUser 0', 'runAsUser', 23, (spec) => {
    securityContextOf(containerAt(spec, 'containers', 0))['runAsUser'] = 0;
  });
  gateCase('probe host', 'hostProbesAndHostLifecycle', 34, (spec) => {
    containerAt(spec, 'containers', 0)['livenessProbe'] = { httpGet: { host: '10.0.0.1', port: 80 } };
  });
  gateCase('lifecycle tcpSocket host', 'hostProbesAndHostLifecycle', 34, (spec) => {
    containerAt(spec, 'initContainers', 0)['lifecycle'] = { preStop: { tcpSocket: { host: 'metadata', port: 80 } } };
  });
  gateCase('procMount under user namespaces', 'procMount_restricted', 35, (spec) => {
    spec['hostUsers'] = false;
    securityContextOf(containerAt(spec, 'containers', 0))['procMount'] = 'Unmasked';
  });

  test('SELinux container_engine_t is allowed from v1.31', () => {
    const spec = restrictedSpec();
    (spec['securityContext'] as Json)['seLinuxOptions'] = { type: 'container_engine_t' };
    assert.deepEqual(checksOf(evaluatePodSecurity({}, spec, at(30))), ['seLinuxOptions']);
    assert.deepEqual(checksOf(evaluatePodSecurity({}, spec, at(31))), []);
  });
  test('SELinux user and role are never allowed, level is', () => {
    const spec = restrictedSpec();
    securityContextOf(containerAt(spec, 'containers', 0))['seLinuxOptions'] = { level: 's0:c1,c2' };
    assert.deepEqual(checksOf(evaluatePodSecurity({}, spec, LATEST_PSS_VERSION)), []);
    securityContextOf(containerAt(spec, 'containers', 0))['seLinuxOptions'] = { role: 'sysadm_r' };
    const [violation] = evaluatePodSecurity({}, spec, LATEST_PSS_VERSION).violations;
    assert.deepEqual(violation?.path, ['spec', 'containers', 0, 'securityContext', 'seLinuxOptions', 'role']);
  });
  test('an empty probe host is allowed', () => {
    const spec = restrictedSpec();
    containerAt(spec, 'containers', 0)['readinessProbe'] = { tcpSocket: { host: '', port: 80 } };
    assert.deepEqual(checksOf(evaluatePodSecurity({}, spec, LATEST_PSS_VERSION)), []);
  });
});

describe('AppArmor', () => {
  const key = 'container.apparmor.security.beta.kubernetes.io/app';
  test('annotations allow runtime/default, localhost/* and empty', () => {
    for (const value of ['runtime/default', 'localhost/my-profile', '']) {
      assert.deepEqual(checksOf(evaluatePodSecurity({ annotations: { [key]: value } }, restrictedSpec(), at(0))), [], value);
    }
  });
  test('annotation unconfined fails at every version, pointing at the annotation', () => {
    for (const minor of [0, 37]) {
      const [violation] = evaluatePodSecurity({ annotations: { [key]: 'unconfined' } }, restrictedSpec(), at(minor)).violations;
      assert.equal(violation?.check, 'appArmorProfile');
      assert.deepEqual(violation?.path, ['metadata', 'annotations', key]);
    }
  });
  test('the appArmorProfile field is checked at every version (PSA patched it into v1.0)', () => {
    const spec = restrictedSpec();
    (spec['securityContext'] as Json)['appArmorProfile'] = { type: 'Unconfined' };
    assert.deepEqual(checksOf(evaluatePodSecurity({}, spec, at(0))), ['appArmorProfile']);
    (spec['securityContext'] as Json)['appArmorProfile'] = { type: 'Localhost', localhostProfile: 'p' };
    assert.deepEqual(checksOf(evaluatePodSecurity({}, spec, at(0))), []);
  });
});

describe('restricted volumes', () => {
  test('allowed sources, including image volumes and a source-less volume (defaulted to emptyDir)', () => {
    const spec = restrictedSpec();
    spec['volumes'] = [
      { name: 'plain' },
      { name: 'img', image: { reference: 'registry.k8s.io/pause' } },
      { name: 'cm', configMap: { name: 'x' } },
      { name: 'eph', ephemeral: { volumeClaimTemplate: {} } },
      null,
    ];
    assert.deepEqual(checksOf(evaluatePodSecurity({}, spec, LATEST_PSS_VERSION)), []);
  });
  test('nfs is restricted-only', () => {
    const spec = restrictedSpec();
    spec['volumes'] = [{ name: 'share', nfs: { server: 'x', path: '/' } }];
    const result = evaluatePodSecurity({}, spec, LATEST_PSS_VERSION);
    assert.equal(result.level, 'baseline');
    assert.match(result.violations[0]?.message ?? '', /volume "share" uses restricted volume type "nfs"/);
  });
});

describe('malformed input never throws', () => {
  const weirdValues: unknown[] = [null, undefined, 'yes', 5, true, [], {}, [null], ['x'], { a: null }];
  const fieldsToCorrupt: Array<(spec: Json, value: unknown) => void> = [
    (spec, value) => (spec['containers'] = value),
    (spec, value) => (spec['initContainers'] = value),
    (spec, value) => (spec['ephemeralContainers'] = value),
    (spec, value) => (spec['securityContext'] = value),
    (spec, value) => (spec['volumes'] = value),
    (spec, value) => (spec['os'] = value),
    (spec, value) => (spec['hostUsers'] = value),
    (spec, value) => ((spec['securityContext'] as Json)['sysctls'] = value),
    (spec, value) => ((spec['securityContext'] as Json)['seccompProfile'] = value),
    (spec, value) => ((spec['securityContext'] as Json)['seLinuxOptions'] = value),
    (spec, value) => ((spec['securityContext'] as Json)['appArmorProfile'] = value),
    (spec, value) => ((spec['securityContext'] as Json)['windowsOptions'] = value),
    (spec, value) => (containerAt(spec, 'containers', 0)['securityContext'] = value),
    (spec, value) => (containerAt(spec, 'containers', 0)['ports'] = value),
    (spec, value) => (containerAt(spec, 'containers', 0)['lifecycle'] = value),
    (spec, value) => (containerAt(spec, 'containers', 0)['livenessProbe'] = value),
    (spec, value) => (securityContextOf(containerAt(spec, 'containers', 0))['capabilities'] = value),
    (spec, value) => (securityContextOf(containerAt(spec, 'containers', 0))['capabilities'] = { add: value, drop: value }),
    (spec, value) => (securityContextOf(containerAt(spec, 'containers', 0))['seLinuxOptions'] = { type: value, user: value }),
    (spec, value) => (securityContextOf(containerAt(spec, 'containers', 0))['procMount'] = value),
    (spec, value) => (securityContextOf(containerAt(spec, 'containers', 0))['runAsUser'] = value),
  ];
  const metadataValues: unknown[] = [
    null,
    'x',
    3,
    [],
    { annotations: null },
    { annotations: ['a'] },
    { annotations: { 'container.apparmor.security.beta.kubernetes.io/app': 7 } },
  ];

  test('corrupting any field with any wrong type', () => {
    for (const [fieldIndex, corrupt] of fieldsToCorrupt.entries()) {
      for (const value of weirdValues) {
        for (const minor of [0, 18, 25, 37]) {
          const spec = restrictedSpec();
          corrupt(spec, value);
          assert.doesNotThrow(() => evaluatePodSecurity({}, spec, at(minor)), `field #${fieldIndex} = ${JSON.stringify(value)}`);
        }
      }
    }
    for (const metadata of metadataValues) {
      for (const spec of [null, undefined, 'spec', 42, [], {}, restrictedSpec()]) {
        assert.doesNotThrow(() => evaluatePodSecurity(metadata, spec, at(10)));
        assert.doesNotThrow(() => evaluatePodSecurity(metadata, spec, LATEST_PSS_VERSION));
      }
    }
  });
  test('containers: null is a pod without containers', () => {
    const spec = restrictedSpec();
    spec['containers'] = null;
    assert.equal(evaluatePodSecurity({}, spec, LATEST_PSS_VERSION).level, 'restricted');
  });
  test('a null container entry is visited like a zero-valued container', () => {
    const spec = restrictedSpec();
    spec['containers'] = [null];
    const result = evaluatePodSecurity({}, spec, LATEST_PSS_VERSION);
    assert.deepEqual(checksOf(result), ['allowPrivilegeEscalation', 'capabilities_restricted']);
    assert.deepEqual(result.violations[0]?.path, ['spec', 'containers', 0, 'securityContext', 'allowPrivilegeEscalation']);
  });
  test('privileged: "yes" counts as privileged (kubectl reads unquoted yes as true)', () => {
    const spec = restrictedSpec();
    securityContextOf(containerAt(spec, 'containers', 0))['privileged'] = 'yes';
    assert.deepEqual(checksOf(evaluatePodSecurity({}, spec, LATEST_PSS_VERSION)), ['privileged']);
  });
  test('hostNetwork: "on" counts, "no" does not', () => {
    const spec = restrictedSpec();
    spec['hostNetwork'] = 'on';
    assert.deepEqual(checksOf(evaluatePodSecurity({}, spec, LATEST_PSS_VERSION)), ['hostNamespaces']);
    spec['hostNetwork'] = 'no';
    assert.deepEqual(checksOf(evaluatePodSecurity({}, spec, LATEST_PSS_VERSION)), []);
  });
  test('allowPrivilegeEscalation: "false" (a string) does not satisfy restricted', () => {
    const spec = restrictedSpec();
    securityContextOf(containerAt(spec, 'containers', 0))['allowPrivilegeEscalation'] = 'false';
    assert.deepEqual(checksOf(evaluatePodSecurity({}, spec, LATEST_PSS_VERSION)), ['allowPrivilegeEscalation']);
  });
  test('runAsUser: "0" counts as root, a scalar capabilities.add is still checked', () => {
    const spec = restrictedSpec();
    securityContextOf(containerAt(spec, 'containers', 0))['runAsUser'] = '0';
    (securityContextOf(containerAt(spec, 'initContainers', 0))['capabilities'] as Json)['add'] = 'SYS_ADMIN';
    assert.deepEqual(checksOf(evaluatePodSecurity({}, spec, LATEST_PSS_VERSION)), [
      'capabilities_baseline',
      'capabilities_restricted',
      'runAsUser',
    ]);
  });
  test('hostPort: 0 is no host port; any other value is one', () => {
    const spec = restrictedSpec();
    containerAt(spec, 'containers', 0)['ports'] = [{ containerPort: 80, hostPort: 0 }, null, 'junk'];
    assert.deepEqual(checksOf(evaluatePodSecurity({}, spec, LATEST_PSS_VERSION)), []);
    containerAt(spec, 'containers', 0)['ports'] = [{ containerPort: 80 }, { containerPort: 81, hostPort: '8081' }];
    const [violation] = evaluatePodSecurity({}, spec, LATEST_PSS_VERSION).violations;
    assert.deepEqual(violation?.path, ['spec', 'containers', 0, 'ports', 1, 'hostPort']);
  });
});
