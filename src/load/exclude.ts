/**
 * `--exclude` patterns: globs matched against the paths a folder walk meets, at any depth as in a
 * .gitignore (`charts`, `test/fixtures`, `*.tpl.yaml`, `testdata/**`): `*` and `?` stay within one
 * path segment, `**` crosses them. A path named on the command line is read whatever the patterns say.
 */
export function excludedBy(patterns: readonly string[]): ((path: string) => boolean) | undefined {
  const expressions = patterns
    .map((pattern) => pattern.trim().replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, ''))
    .filter((pattern) => pattern !== '')
    .map((pattern) => new RegExp(`(?:^|/)${globSource(pattern.replace(/^\//, ''))}$`));
  if (expressions.length === 0) return undefined;
  return (path) => {
    const normalized = path.replace(/\\/g, '/');
    return expressions.some((expression) => expression.test(normalized));
  };
}

function globSource(pattern: string): string {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i] as string;
    if (char === '*' && pattern[i + 1] === '*') {
      i++;
      if (pattern[i + 1] === '/') {
        i++;
        source += '(?:.*/)?';
      } else source += '.*';
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return source;
}
