/**
 * Regular expressions given as sources joined into one alternation, so that one pass over a text tells
 * whether any of them matches; undefined when they cannot be joined: back-references and named groups
 * change meaning (or clash) once patterns are joined, and such lists are tested one by one.
 */
export function joinPatterns(sources: readonly string[]): RegExp | undefined {
  if (sources.some((p) => /\\[1-9k]|\(\?<(?![=!])/.test(p))) return undefined;
  return new RegExp(sources.map((p) => `(?:${p})`).join('|') || '(?!)');
}
