import type { SourcePosition } from '../core/resource.js';

/**
 * The syntax of a Dockerfile as BuildKit reads it (moby/buildkit frontend/dockerfile/parser): parser
 * directives, comments, line continuations with the escape character, instructions with their flags,
 * JSON (exec) and shell forms, and heredocs (whose bodies are skipped). Positions are those of the
 * original text, also inside continued lines. No I/O, no evaluation: see dockerfile.ts for stages,
 * ARG substitution and USER.
 */

export interface DockerfileWord {
  /** As written, quotes and escapes kept. */
  readonly text: string;
  readonly at: SourcePosition;
}

export interface DockerfileInstruction {
  /** Upper-case: FROM, RUN, USER... */
  readonly keyword: string;
  readonly at: SourcePosition;
  /** `--platform=linux/amd64`, `--chown=app`: the words before the arguments that start with `--`. */
  readonly flags: readonly DockerfileWord[];
  /** The arguments after the flags, continuation lines joined, heredoc bodies left out. */
  readonly arguments: string;
  readonly argumentsAt: SourcePosition;
  /** The arguments split on unquoted white space. */
  readonly words: readonly DockerfileWord[];
  /** The JSON (exec) form, `["node", "app.js"]`, when the arguments are one. */
  readonly exec?: readonly string[];
  /** Names of the heredocs whose bodies follow the instruction (`RUN <<EOF`). */
  readonly heredocs: readonly string[];
  /** Last line of the instruction, heredoc bodies included. */
  readonly endLine: number;
}

export interface DockerfileComment {
  /** The text after `#`, trimmed. */
  readonly text: string;
  readonly at: SourcePosition;
}

export interface DockerfileSyntaxError {
  readonly line: number;
  readonly column?: number;
  readonly message: string;
}

export interface DockerfileSyntax {
  /** `\` unless a `# escape=` directive makes it a backtick. */
  readonly escape: string;
  /** Parser directives at the top of the file: syntax, escape, check. */
  readonly directives: Readonly<Record<string, string>>;
  readonly instructions: readonly DockerfileInstruction[];
  readonly comments: readonly DockerfileComment[];
  readonly errors: readonly DockerfileSyntaxError[];
}

/** Every instruction BuildKit knows; anything else fails the build with "unknown instruction". */
export const DOCKERFILE_INSTRUCTIONS: ReadonlySet<string> = new Set([
  'ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL', 'MAINTAINER',
  'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR',
]);

const heredocInstructions = new Set(['ADD', 'COPY', 'RUN']);
const knownDirectives = new Set(['syntax', 'escape', 'check']);
const directivePattern = /^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$/;
const heredocPattern = /^(\d*)<<(-?)([^<]+)$/;

/** One instruction's text with its continuation lines joined, and where each piece came from. */
class LogicalLine {
  text = '';
  private readonly pieces: { offset: number; line: number; column: number }[] = [];

  append(piece: string, line: number, column: number): void {
    this.pieces.push({ offset: this.text.length, line, column });
    this.text += piece;
  }

  /** The position in the file of an offset in the joined text. */
  positionAt(offset: number): SourcePosition {
    let piece = this.pieces[0] as { offset: number; line: number; column: number };
    // The last piece starting at or before the offset; of an empty piece (a line holding only the
    // continuation character) and the one after it, both starting there, the later holds the text.
    for (const p of this.pieces) {
      if (p.offset > offset) break;
      piece = p;
    }
    return { line: piece.line, column: piece.column + offset - piece.offset };
  }
}

interface RawWord {
  readonly text: string;
  readonly start: number;
}

/** Splits on white space outside quotes; the escape character keeps the next character in the word. */
function splitWords(text: string, from: number, escape: string): RawWord[] {
  const words: RawWord[] = [];
  let pos = from;
  while (pos < text.length) {
    while (pos < text.length && /\s/.test(text[pos] as string)) pos++;
    if (pos >= text.length) break;
    const start = pos;
    while (pos < text.length && !/\s/.test(text[pos] as string)) {
      const ch = text[pos] as string;
      if (ch === escape) {
        pos += 2;
      } else if (ch === '"' || ch === "'") {
        pos++;
        while (pos < text.length && text[pos] !== ch) pos += text[pos] === escape && ch === '"' ? 2 : 1;
        pos++;
      } else {
        pos++;
      }
    }
    pos = Math.min(pos, text.length);
    words.push({ text: text.slice(start, pos), start });
  }
  return words;
}

function continuationPattern(escape: string): RegExp {
  const e = escape === '\\' ? '\\\\' : escape;
  return new RegExp(`(^|[^${e}])${e}[ \\t]*$`);
}

/** A heredoc word's name without its quotes and escapes: `<<"EOF"` and `<<'EOF'` end at `EOF`. */
function heredocName(rest: string): string {
  return rest.replace(/\\(.)/g, '$1').replace(/["']/g, '');
}

function parseExecForm(args: string): string[] | undefined {
  if (!args.startsWith('[')) return undefined;
  try {
    const value = JSON.parse(args) as unknown;
    return Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : undefined;
  } catch {
    return undefined;
  }
}

export function parseDockerfileSyntax(source: string): DockerfileSyntax {
  const lines = source.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  if (lines[0]?.startsWith('\ufeff')) lines[0] = lines[0].slice(1);
  const directives: Record<string, string> = {};
  const instructions: DockerfileInstruction[] = [];
  const comments: DockerfileComment[] = [];
  const errors: DockerfileSyntaxError[] = [];
  let escape = '\\';
  let continuation = continuationPattern(escape);
  let lookingForDirectives = true;

  const commentAt = (raw: string, index: number): void => {
    const indent = raw.length - raw.trimStart().length;
    comments.push({ text: raw.trimStart().slice(1).trim(), at: { line: index + 1, column: indent + 1 } });
  };
  /** The text without its continuation character, and whether the instruction goes on. */
  const stripContinuation = (text: string): [string, boolean] => {
    const match = continuation.exec(text);
    return match ? [text.slice(0, match.index + (match[1] as string).length), true] : [text, false];
  };

  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] as string;
    const trimmed = raw.trimStart();
    if (lookingForDirectives) {
      // Directives are only read before the first instruction, comment or blank line.
      const match = directivePattern.exec(trimmed);
      const key = match?.[1]?.toLowerCase();
      if (match && key && knownDirectives.has(key)) {
        const value = match[2] as string;
        if (key in directives) errors.push({ line: i + 1, message: `only one ${key} parser directive can be used` });
        directives[key] = value;
        if (key === 'escape') {
          if (value === '\\' || value === '`') {
            escape = value;
            continuation = continuationPattern(escape);
          } else {
            errors.push({ line: i + 1, message: `invalid escape character '${value}': only \\ and \` are allowed` });
          }
        }
        continue;
      }
      lookingForDirectives = false;
    }
    if (trimmed.startsWith('#')) {
      commentAt(raw, i);
      continue;
    }
    if (trimmed === '') continue;

    const logical = new LogicalLine();
    let [piece, continued] = stripContinuation(trimmed);
    logical.append(piece, i + 1, raw.length - trimmed.length + 1);
    // Comment and blank lines inside a continued instruction are dropped, as BuildKit does.
    while (continued && i + 1 < lines.length) {
      i++;
      const next = lines[i] as string;
      const nextTrimmed = next.trimStart();
      if (nextTrimmed.startsWith('#')) {
        commentAt(next, i);
        continue;
      }
      if (nextTrimmed === '') continue;
      [piece, continued] = stripContinuation(next);
      logical.append(piece, i + 1, 1);
    }

    const text = logical.text;
    const keywordStart = text.search(/\S/);
    if (keywordStart === -1) continue; // only continuation characters
    const keywordText = /^\S+/.exec(text.slice(keywordStart))?.[0] as string;
    const keyword = keywordText.toUpperCase();
    const at = logical.positionAt(keywordStart);
    if (!DOCKERFILE_INSTRUCTIONS.has(keyword)) {
      errors.push({ ...at, message: `unknown instruction: ${keywordText}` });
    }
    const all = splitWords(text, keywordStart + keywordText.length, escape);
    let first = 0;
    while (first < all.length && (all[first] as RawWord).text.startsWith('--')) {
      if ((all[first] as RawWord).text === '--') {
        first++;
        break;
      }
      first++;
    }
    const flags = all.slice(0, first).filter((w) => w.text !== '--');
    const argumentWords = all.slice(first);
    const argumentsStart = argumentWords[0]?.start ?? text.length;
    const args = text.slice(argumentsStart).trim();
    const exec = parseExecForm(args);

    const heredocs: { name: string; chomp: boolean }[] = [];
    const heredocTarget = keyword === 'ONBUILD' ? argumentWords[0]?.text.toUpperCase() : keyword;
    if (exec === undefined && heredocTarget !== undefined && heredocInstructions.has(heredocTarget)) {
      for (const word of argumentWords) {
        const match = heredocPattern.exec(word.text);
        const name = match && heredocName(match[3] as string);
        if (match && name) heredocs.push({ name, chomp: match[2] === '-' });
      }
    }
    for (const heredoc of heredocs) {
      let terminated = false;
      while (i + 1 < lines.length) {
        i++;
        const line = lines[i] as string;
        if ((heredoc.chomp ? line.replace(/^\t+/, '') : line) === heredoc.name) {
          terminated = true;
          break;
        }
      }
      if (!terminated) errors.push({ ...at, message: `unterminated heredoc <<${heredoc.name}: no line reads ${heredoc.name}` });
    }

    const word = (w: RawWord): DockerfileWord => ({ text: w.text, at: logical.positionAt(w.start) });
    instructions.push({
      keyword,
      at,
      flags: flags.map(word),
      arguments: args,
      argumentsAt: logical.positionAt(argumentsStart < text.length ? argumentsStart : keywordStart + keywordText.length),
      words: argumentWords.map(word),
      ...(exec ? { exec } : {}),
      heredocs: heredocs.map((h) => h.name),
      endLine: i + 1,
    });
  }
  return { escape, directives, instructions, comments, errors };
}
