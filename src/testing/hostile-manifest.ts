/**
 * A manifest whose names, namespace, annotation and env value try to break out of a report: every
 * `window.__pwned=N` would run if a reporter put report text into HTML unescaped. DB_PASSWORD's value
 * sits next to a finding's line, so an excerpt shows it unless credentials are masked.
 */
export const HOSTILE_SECRET_VALUE = 'hunter2-do-not-print';

export const hostileManifest = [
  'apiVersion: v1',
  'kind: Pod',
  'metadata:',
  '  name: "<script>window.__pwned=1</script>"',
  '  namespace: "\\"><img src=x onerror=window.__pwned=2>"',
  '  annotations:',
  '    kubeharden.io/ignore: NSA-POD-009',
  '    kubeharden.io/ignore-reason: "</script><script>window.__pwned=3</script><!--"',
  'spec:',
  '  hostNetwork: true',
  '  containers:',
  '    - name: "<svg onload=window.__pwned=4>&amp;"',
  '      image: "nginx:latest"',
  '      env:',
  '        - name: DB_PASSWORD',
  `          value: "${HOSTILE_SECRET_VALUE}"`,
  '      securityContext:',
  '        privileged: true',
  '',
].join('\n');

/** The hostile strings as the report carries them. */
export const hostileNames = {
  pod: '<script>window.__pwned=1</script>',
  namespace: '"><img src=x onerror=window.__pwned=2>',
  reason: '</script><script>window.__pwned=3</script><!--',
  container: '<svg onload=window.__pwned=4>&amp;',
};
