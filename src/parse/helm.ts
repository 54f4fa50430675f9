// `helm template` writes `# Source: chart/templates/x.yaml` before each rendered document;
// findings are attributed to that template file.
const sourceComment = /^#\s*Source:\s*(\S.*?)\s*$/m;

export function helmSource(documentText: string): { template: string; lineIndex: number } | undefined {
  // Only comments and blank lines may stand before the Source comment.
  const lines = documentText.split('\n', 20);
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').replace(/\r$/, '');
    if (line.trim() === '' || line === '---' || line.startsWith('--- ')) continue;
    if (!line.startsWith('#')) return undefined;
    const match = sourceComment.exec(line);
    if (match?.[1]) return { template: match[1], lineIndex: i };
  }
  return undefined;
}
