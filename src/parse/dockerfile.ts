import { formatPath, type Path } from '../core/path.js';
import type { SourcePosition } from '../core/resource.js';
import type { KubeObject } from '../core/values.js';
import { DOCKERFILE_INSTRUCTIONS, parseDockerfileSyntax, type DockerfileInstruction, type DockerfileSyntaxError } from './dockerfile-syntax.js';

/**
 * A Dockerfile read the way a build reads it: its stages, what each is built FROM (an image, a
 * named earlier stage, or scratch) with ARG substitution, and its USER, with build arguments at
 * their defaults. The result is a plain object that controls read like any Kubernetes object
 * (kind `kubeharden.io/v1 Dockerfile`), and a table of where each of its fields sits in the file.
 */

export const DOCKERFILE_API_VERSION = 'kubeharden.io/v1';
export const DOCKERFILE_KIND = 'Dockerfile';

/**
 * The object's shape (values read from it still go through the guards of core/values.ts: a YAML
 * document may claim this kind too).
 */
export interface DockerfileObject {
  readonly apiVersion: typeof DOCKERFILE_API_VERSION;
  readonly kind: typeof DOCKERFILE_KIND;
  readonly metadata: { readonly name: string; readonly annotations?: Readonly<Record<string, string>> };
  /** Parser directives (`# syntax=`, `# escape=`). */
  readonly directives?: Readonly<Record<string, string>>;
  /** ARGs before the first FROM: usable in FROM lines, and in stages that declare them again. */
  readonly args: readonly DockerfileArg[];
  readonly stages: readonly DockerfileStage[];
}

export interface DockerfileArg {
  readonly name: string;
  /** The default, variables substituted; absent for an ARG without one. */
  readonly value?: string;
}

export interface DockerfileStage {
  /** `AS name`, lower-cased as the build does. */
  readonly name?: string;
  readonly from: {
    /** As written: `node:${NODE_VERSION}-alpine`. */
    readonly image: string;
    /** With the build arguments at their defaults; absent when a variable has no value (see unresolved). */
    readonly resolved?: string;
    /** Variables the image depends on that have no value in the Dockerfile. */
    readonly unresolved?: readonly string[];
    readonly platform?: string;
    /** Index of the stage this one is built on (`FROM builder`). */
    readonly stage?: number;
  };
  /** The stage's last USER instruction: the user its image runs as. */
  readonly user?: DockerfileUser;
  /** Every instruction of the stage after its FROM. */
  readonly instructions: readonly { readonly keyword: string; readonly arguments: string }[];
}

export interface DockerfileUser {
  /** As written: `${APP_UID}:${APP_GID}`. */
  readonly value: string;
  /** Variables substituted; absent when one has no value the Dockerfile shows. */
  readonly resolved?: string;
  readonly unresolved?: readonly string[];
}

export interface ReadDockerfile {
  /** Undefined when the file has no FROM: nothing is built from it. */
  readonly object?: DockerfileObject;
  /** Where each field sits, keyed by its rendered path (`stages[1].user`). */
  readonly positions: ReadonlyMap<string, SourcePosition>;
  readonly errors: readonly DockerfileSyntaxError[];
}

/** What a variable is at a point of the build, with the build arguments at their defaults. */
type Binding =
  | { readonly kind: 'value'; readonly value: string }
  /** No value: an ARG declared without default (`overridable`, set with --build-arg), or never declared. */
  | { readonly kind: 'unset'; readonly overridable: boolean }
  /** It may have a value the Dockerfile does not show: the base image's ENV, a platform argument. */
  | { readonly kind: 'unknown' };

type Scope = (name: string) => Binding;

const unknown: Binding = { kind: 'unknown' };
const unsetForGood: Binding = { kind: 'unset', overridable: false };
const unsetUntilBuilt: Binding = { kind: 'unset', overridable: true };

/** Arguments the builder sets for every build, with values that depend on the build. */
const platformArgs = new Set([
  'TARGETPLATFORM', 'TARGETOS', 'TARGETARCH', 'TARGETVARIANT', 'BUILDPLATFORM', 'BUILDOS', 'BUILDARCH', 'BUILDVARIANT',
]);

export interface Expanded {
  readonly value: string;
  /** Variables whose value decides the result but is not in the Dockerfile. */
  readonly unresolved: readonly string[];
}

/**
 * Substitutes variables the way the build does (BuildKit's shell lexer): `$NAME`, `${NAME}`,
 * `${NAME:-default}`, `${NAME-default}`, `${NAME:+alt}`, `${NAME+alt}`, `${NAME:?}`; single quotes keep
 * their text, double quotes substitute inside, the escape character keeps the next character. Other
 * operators (`#`, `%`, `/`) leave the result unresolved.
 */
export function expandVariables(text: string, scope: Scope, escape = '\\'): Expanded {
  const expander = new Expander(text, scope, escape);
  const value = expander.word();
  return { value, unresolved: [...expander.unresolved] };
}

class Expander {
  pos = 0;
  unresolved = new Set<string>();

  constructor(
    private readonly text: string,
    private readonly scope: Scope,
    private readonly escape: string,
  ) {}

  /** Reads up to the end, or up to an unquoted `stop` character (not consumed). */
  word(stop?: string): string {
    const { text } = this;
    let out = '';
    while (this.pos < text.length) {
      const ch = text[this.pos] as string;
      if (ch === stop) break;
      if (ch === this.escape) {
        out += text[this.pos + 1] ?? '';
        this.pos += 2;
      } else if (ch === "'") {
        const end = text.indexOf("'", this.pos + 1);
        out += text.slice(this.pos + 1, end === -1 ? text.length : end);
        this.pos = end === -1 ? text.length : end + 1;
      } else if (ch === '"') {
        this.pos++;
        out += this.doubleQuoted();
      } else if (ch === '$') {
        out += this.dollar();
      } else {
        out += ch;
        this.pos++;
      }
    }
    return out;
  }

  private doubleQuoted(): string {
    const { text } = this;
    let out = '';
    while (this.pos < text.length) {
      const ch = text[this.pos] as string;
      if (ch === '"') {
        this.pos++;
        return out;
      }
      const next = text[this.pos + 1];
      if (ch === this.escape && (next === '"' || next === '$' || next === this.escape)) {
        out += next;
        this.pos += 2;
      } else if (ch === '$') {
        out += this.dollar();
      } else {
        out += ch;
        this.pos++;
      }
    }
    return out;
  }

  private dollar(): string {
    this.pos++; // the $
    if (this.text[this.pos] === '{') {
      this.pos++;
      return this.braced();
    }
    // As in the shell, $1 is a positional parameter (digits only), which a build never sets.
    const name = /^(?:\d+|[A-Za-z_][A-Za-z0-9_]*)/.exec(this.text.slice(this.pos))?.[0];
    if (!name) return '$';
    this.pos += name.length;
    return this.lookup(name);
  }

  private braced(): string {
    const { text } = this;
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(this.pos))?.[0] ?? '';
    this.pos += name.length;
    if (text[this.pos] === '}') {
      this.pos++;
      return this.lookup(name);
    }
    const two = text.slice(this.pos, this.pos + 2);
    const operator = [':-', ':+', ':?'].includes(two) ? two : ['-', '+', '?'].includes(text[this.pos] ?? '') ? (text[this.pos] as string) : undefined;
    if (!name || operator === undefined) {
      // ${#NAME}, ${NAME%suffix}, ${NAME/a/b}...: not evaluated here.
      this.skipBraced();
      this.unresolved.add(name || text.slice(this.pos));
      return '';
    }
    this.pos += operator.length;
    // The operand counts only when it is used: its own unknowns must not leak otherwise.
    const before = this.unresolved;
    this.unresolved = new Set();
    const operand = this.word('}');
    const operandUnresolved = this.unresolved;
    this.unresolved = before;
    if (text[this.pos] === '}') this.pos++;
    const binding = this.scope(name);
    const use = (value: string): string => {
      for (const n of operandUnresolved) this.unresolved.add(n);
      return value;
    };
    if (binding.kind === 'unknown') {
      this.unresolved.add(name);
      return '';
    }
    const set = binding.kind === 'value';
    const value = set ? binding.value : '';
    const present = operator.startsWith(':') ? value !== '' : set;
    switch (operator) {
      case ':-':
      case '-':
        return present ? value : use(operand);
      case ':+':
      case '+':
        return present ? use(operand) : '';
      default: // :? and ?: the build fails when the variable has no value
        if (!present) this.unresolved.add(name);
        return value;
    }
  }

  private skipBraced(): void {
    let depth = 1;
    while (this.pos < this.text.length && depth > 0) {
      const ch = this.text[this.pos];
      if (ch === '{') depth++;
      else if (ch === '}') depth--;
      this.pos++;
    }
  }

  private lookup(name: string): string {
    const binding = this.scope(name);
    if (binding.kind === 'value') return binding.value;
    if (binding.kind === 'unknown' || binding.overridable) this.unresolved.add(name);
    return '';
  }
}

/** `NAME=value` and `NAME` words (ARG), or the legacy `ENV NAME value with spaces`. */
function nameValuePairs(instruction: DockerfileInstruction, legacy: boolean): { name: string; value?: string; at: SourcePosition }[] {
  const words = instruction.words;
  const first = words[0];
  if (!first) return [];
  if (legacy && !first.text.includes('=')) {
    const rest = instruction.arguments.slice(first.text.length).trim();
    return [{ name: first.text, value: rest, at: first.at }];
  }
  return words.map((w) => {
    const equals = w.text.indexOf('=');
    return equals === -1 ? { name: w.text, at: w.at } : { name: w.text.slice(0, equals), value: w.text.slice(equals + 1), at: w.at };
  });
}

function bindingOf(expanded: Expanded): Binding {
  return expanded.unresolved.length > 0 ? unknown : { kind: 'value', value: expanded.value };
}

function resolvedFields(expanded: Expanded): { resolved?: string; unresolved?: string[] } {
  return expanded.unresolved.length > 0 ? { unresolved: [...expanded.unresolved] } : { resolved: expanded.value };
}

interface StageDraft {
  readonly from: DockerfileInstruction;
  readonly index: number;
  readonly name?: string;
  readonly image: string;
  readonly imageAt: SourcePosition;
  readonly expandedImage: Expanded;
  readonly platform?: { readonly value: string; readonly at: SourcePosition };
  readonly instructions: DockerfileInstruction[];
  parent?: number;
}

interface StageResult {
  readonly env: ReadonlyMap<string, Binding>;
  /** The whole chain starts FROM scratch: no variable comes from a base image. */
  readonly baseKnown: boolean;
  readonly user?: { readonly user: DockerfileUser; readonly instruction: DockerfileInstruction };
}

const ignoreComment = /^(kubeharden\.io\/(?:ignore|ignore-reason))\s*[:=]\s*(.*)$/;

/** Reads a Dockerfile: `name` becomes the object's metadata.name (the file's path). */
export function readDockerfile(text: string, name: string): ReadDockerfile {
  const syntax = parseDockerfileSyntax(text);
  const errors: DockerfileSyntaxError[] = [...syntax.errors];
  const positions = new Map<string, SourcePosition>();
  const place = (path: Path, at: SourcePosition): void => {
    positions.set(formatPath(path), at);
  };
  const escape = syntax.escape;

  // ARGs before the first FROM (meta arguments), then the stages.
  const metaArgs = new Map<string, Binding>();
  const args: DockerfileArg[] = [];
  const metaScope: Scope = (n) => metaArgs.get(n) ?? (platformArgs.has(n) ? unknown : unsetForGood);
  const drafts: StageDraft[] = [];
  for (const instruction of syntax.instructions) {
    const current = drafts[drafts.length - 1];
    if (instruction.keyword === 'FROM') {
      drafts.push(stageDraft(instruction, drafts.length, metaScope, escape, errors));
    } else if (current) {
      current.instructions.push(instruction);
    } else if (instruction.keyword === 'ARG') {
      for (const pair of nameValuePairs(instruction, false)) {
        place(['args', args.length], instruction.at);
        place(['args', args.length, 'name'], pair.at);
        if (pair.value === undefined) {
          metaArgs.set(pair.name, platformArgs.has(pair.name) ? unknown : unsetUntilBuilt);
          args.push({ name: pair.name });
        } else {
          const expanded = expandVariables(pair.value, metaScope, escape);
          metaArgs.set(pair.name, bindingOf(expanded));
          args.push({ name: pair.name, value: expanded.value });
        }
      }
    } else if (DOCKERFILE_INSTRUCTIONS.has(instruction.keyword)) {
      errors.push({ ...instruction.at, message: `${instruction.keyword} before the first FROM: only ARG may come before it` });
    }
  }
  if (drafts.length === 0) {
    errors.push({ line: 1, message: 'no FROM instruction: nothing is built from this file' });
    return { positions, errors };
  }

  // A FROM naming a stage builds on it; the build lower-cases stage names and matches them so.
  const byName = new Map<string, number>();
  for (const draft of drafts) {
    if (draft.name === undefined) continue;
    if (byName.has(draft.name)) errors.push({ ...draft.from.at, message: `duplicate stage name "${draft.name}"` });
    else byName.set(draft.name, draft.index);
  }
  for (const draft of drafts) {
    if (draft.expandedImage.unresolved.length > 0) continue;
    const parent = byName.get(draft.expandedImage.value.toLowerCase());
    if (parent !== undefined && parent !== draft.index) draft.parent = parent;
  }

  const results = new Map<number, StageResult>();
  const evaluating = new Set<number>();
  const evaluate = (draft: StageDraft): StageResult => {
    const done = results.get(draft.index);
    if (done) return done;
    let parent: StageResult | undefined;
    if (draft.parent !== undefined) {
      if (evaluating.has(draft.parent)) {
        errors.push({ ...draft.from.at, message: `circular dependency between stages: "${draft.name ?? draft.index}" is built on itself` });
      } else {
        evaluating.add(draft.index);
        parent = evaluate(drafts[draft.parent] as StageDraft);
        evaluating.delete(draft.index);
      }
    }
    const result = evaluateStage(draft, parent, metaArgs, escape);
    results.set(draft.index, result);
    return result;
  };

  const stages: DockerfileStage[] = drafts.map((draft) => {
    const result = evaluate(draft);
    const base: Path = ['stages', draft.index];
    place(base, draft.from.at);
    place([...base, 'from'], draft.from.at);
    place([...base, 'from', 'image'], draft.imageAt);
    if (draft.platform) place([...base, 'from', 'platform'], draft.platform.at);
    if (draft.name !== undefined) place([...base, 'name'], draft.from.words[2]?.at ?? draft.from.at);
    draft.instructions.forEach((instruction, i) => {
      place([...base, 'instructions', i], instruction.at);
      place([...base, 'instructions', i, 'arguments'], instruction.argumentsAt);
    });
    const ownUser = result.user && draft.instructions.includes(result.user.instruction) ? result.user : undefined;
    if (ownUser) {
      place([...base, 'user'], ownUser.instruction.at);
      place([...base, 'user', 'value'], ownUser.instruction.argumentsAt);
    }
    return {
      ...(draft.name !== undefined ? { name: draft.name } : {}),
      from: {
        image: draft.image,
        ...resolvedFields(draft.expandedImage),
        ...(draft.platform ? { platform: draft.platform.value } : {}),
        ...(draft.parent !== undefined ? { stage: draft.parent } : {}),
      },
      ...(ownUser ? { user: ownUser.user } : {}),
      instructions: draft.instructions.map((i) => ({ keyword: i.keyword, arguments: i.arguments })),
    };
  });

  // `# kubeharden.io/ignore: NSA-POD-004` comments are the Dockerfile's annotations.
  const annotations: Record<string, string> = {};
  for (const comment of syntax.comments) {
    const match = ignoreComment.exec(comment.text);
    if (!match) continue;
    const key = match[1] as string;
    const value = (match[2] as string).trim();
    annotations[key] = annotations[key] ? `${annotations[key]}${key.endsWith('reason') ? ' ' : ','}${value}` : value;
    if (!positions.has(formatPath(['metadata', 'annotations', key]))) place(['metadata', 'annotations', key], comment.at);
  }

  const object: DockerfileObject = {
    apiVersion: DOCKERFILE_API_VERSION,
    kind: DOCKERFILE_KIND,
    metadata: { name, ...(Object.keys(annotations).length > 0 ? { annotations } : {}) },
    ...(Object.keys(syntax.directives).length > 0 ? { directives: { ...syntax.directives } } : {}),
    args,
    stages,
  };
  return { object, positions, errors };
}

function stageDraft(from: DockerfileInstruction, index: number, metaScope: Scope, escape: string, errors: DockerfileSyntaxError[]): StageDraft {
  const words = from.words;
  const image = words[0];
  const named = words.length === 3 && (words[1] as { text: string }).text.toLowerCase() === 'as';
  if (!image) {
    errors.push({ ...from.at, message: 'FROM names no image' });
  } else if (words.length !== 1 && !named) {
    errors.push({ ...from.at, message: 'FROM takes an image and optionally AS and a stage name' });
  }
  const stageName = named ? (words[2] as { text: string }).text.toLowerCase() : undefined;
  if (stageName !== undefined && !/^[a-z][a-z0-9-_.]*$/.test(stageName)) {
    errors.push({ ...(words[2] as { at: SourcePosition }).at, message: `invalid stage name "${stageName}": it must start with a letter and hold only letters, digits, - _ and .` });
  }
  const platformFlag = from.flags.find((f) => f.text.toLowerCase().startsWith('--platform='));
  const imageText = image?.text ?? '';
  return {
    from,
    index,
    ...(stageName !== undefined ? { name: stageName } : {}),
    image: imageText,
    imageAt: image?.at ?? from.argumentsAt,
    expandedImage: expandVariables(imageText, metaScope, escape),
    ...(platformFlag ? { platform: { value: platformFlag.text.slice('--platform='.length), at: platformFlag.at } } : {}),
    instructions: [],
  };
}

function evaluateStage(draft: StageDraft, parent: StageResult | undefined, metaArgs: ReadonlyMap<string, Binding>, escape: string): StageResult {
  const baseKnown = parent ? parent.baseKnown : draft.expandedImage.unresolved.length === 0 && draft.expandedImage.value === 'scratch';
  // ENV of the stage built on is in the image; ARGs do not carry over into another stage.
  const env = new Map<string, Binding>(parent?.env ?? []);
  const args = new Map<string, Binding>();
  // ENV wins over an ARG of the same name; what neither sets may come from the base image's ENV.
  const scope: Scope = (n) => env.get(n) ?? args.get(n) ?? (baseKnown ? unsetForGood : unknown);
  let user = parent?.user;
  for (const instruction of draft.instructions) {
    if (instruction.keyword === 'ARG') {
      for (const pair of nameValuePairs(instruction, false)) {
        if (pair.value !== undefined) args.set(pair.name, bindingOf(expandVariables(pair.value, scope, escape)));
        else args.set(pair.name, metaArgs.get(pair.name) ?? (platformArgs.has(pair.name) ? unknown : unsetUntilBuilt));
      }
    } else if (instruction.keyword === 'ENV') {
      // Each instruction's values are substituted with the variables as they were before it.
      const pairs = nameValuePairs(instruction, true).map((p) => [p.name, bindingOf(expandVariables(p.value ?? '', scope, escape))] as const);
      for (const [name, binding] of pairs) env.set(name, binding);
    } else if (instruction.keyword === 'USER') {
      const expanded = expandVariables(instruction.arguments, scope, escape);
      user = { user: { value: instruction.arguments, ...resolvedFields(expanded) }, instruction };
    }
  }
  return { env, baseKnown, ...(user ? { user } : {}) };
}
