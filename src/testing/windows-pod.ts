import { yaml } from '../core/yaml-text.js';
import type { ValidCase } from './control-tester.js';

/**
 * An IIS pod that declares `spec.os.name: windows`. The API server refuses the Linux-only security fields
 * on it, so the controls that ask for one of them must pass it: `refused` names the fields the control asks for.
 */
export function windowsPodCase(refused: string): ValidCase {
  return {
    name: `a Windows pod: the API server refuses ${refused} when spec.os.name is windows`,
    manifest: yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: iis, namespace: shop}
      spec:
        os: {name: windows}
        securityContext:
          windowsOptions: {runAsUserName: ContainerUser}
        containers:
          - name: iis
            image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022`,
  };
}
