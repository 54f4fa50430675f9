// Agreement with peer scanners on credentials in configuration (NSA-SEC-005). Each peer case runs through
// the control; the verdict must agree, and where Kubescape names paths ours must be among them, except for
// the disagreements listed below with their reasons (asserted, so a change of behaviour shows up here).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { kubescapeAlerts, kubescapeInputs, readPeerProject, type PeerProject, scanPeerFiles } from '../../testing/peer-fixtures.js';
import control from './plaintext-credentials.js';

const missing = 'conformance fixtures not found (../shared/conformance beside the clone, or KUBEHARDEN_SHARED_DIR)';

const kubescapeDisagreements: Readonly<Record<string, string>> = {
  'rule-credentials-in-env-var/pod-envfrom-secretref': 'Kubescape flags reading a Secret through envFrom; that is the remediation the catalog asks for',
  'rule-credentials-in-env-var/pod-initcontainer-envfrom-secretref': 'as above, for an init container',
  'rule-credentials-in-env-var/workloads-envfrom-secretref': 'as above, for a Deployment',
  'rule-credentials-in-env-var/workloads-initcontainer-envfrom-secretref': 'as above, for a Deployment init container',
  'rule-credentials-in-env-var/cronjob-envfrom-secretref': 'as above, for a CronJob',
  'rule-credentials-in-env-var/cronjob-initcontainer-envfrom-secretref': 'as above, for a CronJob init container',
  'rule-credentials-in-env-var/pod': 'Kubescape\'s default value pattern "_key_" matches the literal "my_key_value", which is no credential',
  'rule-credentials-in-env-var/deployment': 'Kubescape\'s default value pattern "JWT" matches the literal word "JWT", which is no token',
};

const kubescape = readPeerProject('kubescape-regolibrary');

describe('NSA-SEC-005 peers: Kubescape C-0012', { skip: kubescape ? false : missing }, () => {
  const project = kubescape as PeerProject;
  // C-0012's rules only: rule-secrets-in-env-var (C-0207) judges any Secret exposed as an env var, which
  // the catalog does not ask (it recommends secretKeyRef).
  const cases = (project?.cases ?? []).filter(
    (c) => ['rule-credentials-in-env-var', 'rule-credentials-configmap'].includes(c['rule'] ?? '') && kubescapeInputs(c).length > 0,
  );

  it('has the cases this comparison is about', () => {
    assert.ok(cases.length >= 20, `${cases.length} cases`);
  });

  for (const peerCase of cases) {
    const id = peerCase['case_id'] ?? '';
    const disagreement = kubescapeDisagreements[id];
    // Cases with data.json run Kubescape with other pattern lists than its defaults: verdicts only.
    const customConfig = (peerCase['files'] ?? '').includes('data.json');
    it(`${id} (expected ${peerCase['expected']})${disagreement ? ' — disagreement: ' + disagreement : ''}`, () => {
      const report = scanPeerFiles(project, kubescapeInputs(peerCase), control);
      assert.deepEqual(report.errors, []);
      const fails = report.findings.some((f) => f.status === 'failed');
      assert.equal(fails, (peerCase['expected'] === 'fail') !== (disagreement !== undefined), report.findings.map((f) => f.message).join('\n'));
      if (disagreement || customConfig) return;
      const theirs = new Set(kubescapeAlerts(project, peerCase).flatMap((a) => a.paths));
      for (const f of report.findings) assert.ok(theirs.has(f.path), `${f.path} is not among Kubescape's ${[...theirs].join(', ')}`);
    });
  }
});

const polaris = readPeerProject('polaris');

describe('NSA-SEC-005 peers: Polaris sensitive env vars and ConfigMap content', { skip: polaris ? false : missing }, () => {
  const project = polaris as PeerProject;
  const cases = (project?.cases ?? []).filter((c) => ['secrets-in-env', 'secrets-in-configmap'].includes(c['concept'] ?? ''));

  it('has the cases this comparison is about', () => {
    assert.ok(cases.length >= 15, `${cases.length} cases`);
  });

  for (const peerCase of cases) {
    it(`${peerCase['case_id']} (expected ${peerCase['expected']})`, () => {
      const files = (peerCase['files'] ?? '').split(';').filter((f) => existsSync(join(project.root, f)));
      const report = scanPeerFiles(project, files, control);
      assert.equal(report.findings.length > 0, peerCase['expected'] === 'fail', report.findings.map((f) => f.message).join('\n'));
    });
  }
});

const kubeLinter = readPeerProject('kube-linter');

describe('NSA-SEC-005 peers: kube-linter env-var-secret', { skip: kubeLinter ? false : missing }, () => {
  it('flags SECRET_BLAH in the Deployment and in the OpenShift DeploymentConfig, and not BLAH', () => {
    const project = kubeLinter as PeerProject;
    const peerCase = project.cases.find((c) => c['case_id'] === 'env-var-secret');
    assert.ok(peerCase);
    const report = scanPeerFiles(project, (peerCase['files'] ?? '').split(';'), control);
    // kube-linter reports 2: the Deployment and the DeploymentConfig named app (a custom workload kind,
    // judged through its pod template like any workload).
    assert.deepEqual(report.findings.map((f) => `${f.resource.kind}/${f.resource.name} ${f.path}`).sort(), [
      'Deployment/app spec.template.spec.containers[0].env[0].value',
      'DeploymentConfig/app spec.template.spec.containers[0].env[0].value',
    ]);
  });
});
