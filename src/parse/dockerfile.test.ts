import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expandVariables, readDockerfile, type DockerfileObject } from './dockerfile.js';
import { parseDockerfileSyntax } from './dockerfile-syntax.js';

/** A Dockerfile from its lines, so that line numbers in the assertions can be counted. */
const df = (...lines: string[]): string => lines.join('\n') + '\n';

function read(text: string): { object: DockerfileObject; at: (path: string) => string | undefined; errors: string[] } {
  const result = readDockerfile(text, 'Dockerfile');
  assert.ok(result.object, `no object: ${JSON.stringify(result.errors)}`);
  return {
    object: result.object,
    at: (path) => {
      const p = result.positions.get(path);
      return p && `${p.line}:${p.column}`;
    },
    errors: result.errors.map((e) => `${e.line}: ${e.message}`),
  };
}

describe('Dockerfile syntax', () => {
  it('joins continuation lines, dropping comment and blank lines inside them, and keeps original positions', () => {
    const syntax = parseDockerfileSyntax(
      df(
        'FROM alpine:3.20', //          1
        'RUN apk add --no-cache \\', // 2
        '    # curl is needed by the health check', // 3
        '    curl \\  ', //               4: white space after the backslash
        '', //                           5
        '    git', //                     6
        '  USER 1000', //                 7: indented instruction
      ),
    );
    assert.deepEqual(syntax.errors, []);
    const [from, run, user] = syntax.instructions;
    assert.equal(run?.keyword, 'RUN');
    assert.equal(run?.arguments, 'apk add --no-cache     curl     git');
    assert.deepEqual([run?.at, run?.endLine], [{ line: 2, column: 1 }, 6]);
    assert.deepEqual(run?.words.map((w) => `${w.text}@${w.at.line}:${w.at.column}`), [
      'apk@2:5',
      'add@2:9',
      '--no-cache@2:13',
      'curl@4:5',
      'git@6:5',
    ]);
    assert.deepEqual(syntax.comments.map((c) => [c.text, c.at.line]), [['curl is needed by the health check', 3]]);
    assert.deepEqual(user?.at, { line: 7, column: 3 });
    assert.equal(from?.arguments, 'alpine:3.20');
  });

  it('reads instruction keywords in any case', () => {
    const syntax = parseDockerfileSyntax(df('from alpine:3.20 as base', 'user 1000', 'Run echo hi'));
    assert.deepEqual(syntax.instructions.map((i) => i.keyword), ['FROM', 'USER', 'RUN']);
  });

  it('takes the escape character from the escape directive (Windows Dockerfiles), and directives only at the top', () => {
    const syntax = parseDockerfileSyntax(
      df(
        '# escape=`', //                                                   1
        '# syntax=docker/dockerfile:1', //                                 2
        'FROM mcr.microsoft.com/windows/servercore:ltsc2022', //           3
        'RUN dir c:\\ `', //                                               4: a backslash is an ordinary character now
        '    && echo done', //                                             5
        '# escape=\\', //                                                  6: a comment, not a directive
        'COPY app.ps1 C:\\app\\', //                                       7
      ),
    );
    assert.equal(syntax.escape, '`');
    assert.deepEqual(syntax.directives, { escape: '`', syntax: 'docker/dockerfile:1' });
    assert.deepEqual(syntax.instructions.map((i) => [i.keyword, i.arguments, i.at.line]), [
      ['FROM', 'mcr.microsoft.com/windows/servercore:ltsc2022', 3],
      ['RUN', 'dir c:\\     && echo done', 4],
      ['COPY', 'app.ps1 C:\\app\\', 7],
    ]);
    assert.deepEqual(syntax.comments.map((c) => c.at.line), [6]);
  });

  it('stops reading directives at the first comment, blank line or instruction', () => {
    assert.deepEqual(parseDockerfileSyntax(df('# a comment', '# escape=`', 'FROM x')).directives, {});
    assert.deepEqual(parseDockerfileSyntax(df('', '# escape=`', 'FROM x')).directives, {});
    assert.deepEqual(parseDockerfileSyntax(df('# Escape = `', 'FROM x')).directives, { escape: '`' });
    const twice = parseDockerfileSyntax(df('# escape=`', '# escape=\\', 'FROM x'));
    assert.match(twice.errors[0]?.message ?? '', /only one escape parser directive/);
    assert.match(parseDockerfileSyntax(df('# escape=%', 'FROM x')).errors[0]?.message ?? '', /invalid escape character/);
  });

  it('does not continue a line that ends with an escaped escape character', () => {
    const syntax = parseDockerfileSyntax(df('FROM x', 'RUN echo \\\\', 'USER 1000'));
    assert.deepEqual(syntax.instructions.map((i) => i.keyword), ['FROM', 'RUN', 'USER']);
  });

  it('skips heredoc bodies: what they hold is a file or a script, never an instruction', () => {
    const syntax = parseDockerfileSyntax(
      df(
        'FROM debian:12', //                   1
        'RUN <<EOF', //                        2
        'set -e', //                           3
        'USER root', //                        4: script text
        '# not a comment either', //           5
        'EOF', //                              6
        'COPY <<-"CONF" /etc/app.conf', //     7
        '\tlisten 8080', //                    8
        '\tCONF', //                           9: <<- strips leading tabs from the terminator
        "RUN <<FILE1 cat > /a && <<'FILE2' cat > /b", // 10: two heredocs, in order
        'one', //                              11
        'FILE1', //                            12
        'two', //                              13
        'FILE2', //                            14
        'RUN cat <<<"here-string is not a heredoc"', // 15
        'USER 1000', //                        16
      ),
    );
    assert.deepEqual(syntax.errors, []);
    assert.deepEqual(syntax.comments, []);
    assert.deepEqual(syntax.instructions.map((i) => [i.keyword, i.at.line, i.endLine, i.heredocs]), [
      ['FROM', 1, 1, []],
      ['RUN', 2, 6, ['EOF']],
      ['COPY', 7, 9, ['CONF']],
      ['RUN', 10, 14, ['FILE1', 'FILE2']],
      ['RUN', 15, 15, []],
      ['USER', 16, 16, []],
    ]);
  });

  it('finds heredocs only in RUN, COPY and ADD of shell form, and reports an unterminated one', () => {
    const exec = parseDockerfileSyntax(df('FROM x', 'RUN ["cat", "<<EOF"]', 'USER 1000'));
    assert.deepEqual(exec.instructions.map((i) => i.keyword), ['FROM', 'RUN', 'USER']);
    const cmd = parseDockerfileSyntax(df('FROM x', 'CMD cat <<EOF', 'USER 1000'));
    assert.deepEqual(cmd.instructions.map((i) => i.keyword), ['FROM', 'CMD', 'USER']);
    const onbuild = parseDockerfileSyntax(df('FROM x', 'ONBUILD RUN <<EOF', 'USER root', 'EOF', 'USER 1000'));
    assert.deepEqual(onbuild.instructions.map((i) => i.keyword), ['FROM', 'ONBUILD', 'USER']);
    const open = parseDockerfileSyntax(df('FROM x', 'RUN <<EOF', 'echo hi'));
    assert.deepEqual(open.errors, [{ line: 2, column: 1, message: 'unterminated heredoc <<EOF: no line reads EOF' }]);
  });

  it('tells the JSON (exec) form from the shell form', () => {
    const syntax = parseDockerfileSyntax(df('FROM x', 'ENTRYPOINT ["/nodejs/bin/node", "app.js"]', 'CMD [not json]', 'CMD node app.js'));
    assert.deepEqual(syntax.instructions.map((i) => i.exec ?? null), [null, ['/nodejs/bin/node', 'app.js'], null, null]);
  });

  it('separates flags from arguments', () => {
    const [, copy] = parseDockerfileSyntax(df('FROM x', 'COPY --chown=1000:1000 --from=build --link /out /app')).instructions;
    assert.deepEqual(copy?.flags.map((f) => f.text), ['--chown=1000:1000', '--from=build', '--link']);
    assert.equal(copy?.arguments, '/out /app');
    assert.deepEqual(copy?.argumentsAt, { line: 2, column: 44 });
  });

  it('reports unknown instructions, strips a byte order mark and reads CRLF line ends', () => {
    const syntax = parseDockerfileSyntax('\ufeffFROM x\r\nUSR 1000\r\nUSER 1000\r\n');
    assert.deepEqual(syntax.errors, [{ line: 2, column: 1, message: 'unknown instruction: USR' }]);
    assert.deepEqual(syntax.instructions.map((i) => [i.keyword, i.arguments, i.at.column]), [
      ['FROM', 'x', 1],
      ['USR', '1000', 1],
      ['USER', '1000', 1],
    ]);
  });
});

describe('variable substitution', () => {
  const values: Record<string, string> = { A: 'a', EMPTY: '' };
  const scope = (name: string) =>
    name in values
      ? { kind: 'value' as const, value: values[name] as string }
      : name === 'BUILD_ARG'
        ? { kind: 'unset' as const, overridable: true }
        : name === 'BASE_ENV'
          ? { kind: 'unknown' as const }
          : { kind: 'unset' as const, overridable: false };
  const cases: [string, string, string[]][] = [
    ['$A-${A}', 'a-a', []],
    ['${EMPTY:-d}|${EMPTY-d}|${NOPE-d}', 'd||d', []],
    ['${A:+alt}|${EMPTY:+alt}|${EMPTY+alt}|${NOPE+alt}', 'alt||alt|', []],
    ['${NOPE}x', 'x', []], // never declared: empty, as the build makes it
    ['${BUILD_ARG}', '', ['BUILD_ARG']], // declared without default: the build decides
    ['${BUILD_ARG:-22}', '22', []], // ...unless the Dockerfile gives the default
    ['${BASE_ENV:-22}', '', ['BASE_ENV']], // may come from the base image
    ['${A:-$BASE_ENV}', 'a', []], // an operand not used does not count
    ['${NOPE:-$BASE_ENV}', '', ['BASE_ENV']],
    ["'$A' \"$A\" \\$A", '$A a $A', []],
    ['"\\"q\\" \\d"', '"q" \\d', []],
    ['${A%.*}', '', ['A']],
    ['${NOPE:?must be set}', '', ['NOPE']],
    ['$ and $1 and ${A}b', '$ and  and ab', []], // $1 is a (never set) positional parameter
  ];
  for (const [text, value, unresolved] of cases) {
    it(`${text} -> ${JSON.stringify(value)}${unresolved.length ? ` (unresolved ${unresolved.join(',')})` : ''}`, () => {
      assert.deepEqual(expandVariables(text, scope), { value, unresolved });
    });
  }

  it('uses the backtick as the escape character under # escape=`', () => {
    assert.deepEqual(expandVariables('`$A $A', scope, '`'), { value: '$A a', unresolved: [] });
  });
});

describe('Dockerfile stages', () => {
  it('substitutes ARGs declared before the first FROM in FROM lines, with their defaults', () => {
    const { object, errors } = read(
      df(
        'ARG REGISTRY=docker.io',
        'ARG NODE_VERSION=22',
        'ARG VARIANT',
        'FROM ${REGISTRY}/library/node:${NODE_VERSION}-alpine AS build',
        'FROM node:${NODE_VERSION}${VARIANT:+-$VARIANT}',
        'FROM node:${VARIANT}',
        'FROM --platform=$BUILDPLATFORM golang:1.23-${TARGETARCH}',
      ),
    );
    assert.deepEqual(errors, []);
    assert.deepEqual(object.args, [{ name: 'REGISTRY', value: 'docker.io' }, { name: 'NODE_VERSION', value: '22' }, { name: 'VARIANT' }]);
    assert.deepEqual(object.stages.map((s) => s.from), [
      { image: '${REGISTRY}/library/node:${NODE_VERSION}-alpine', resolved: 'docker.io/library/node:22-alpine' },
      { image: 'node:${NODE_VERSION}${VARIANT:+-$VARIANT}', resolved: 'node:22' },
      { image: 'node:${VARIANT}', unresolved: ['VARIANT'] },
      { image: 'golang:1.23-${TARGETARCH}', unresolved: ['TARGETARCH'], platform: '$BUILDPLATFORM' },
    ]);
  });

  it('links a FROM that names a stage (in any case) to that stage, and lower-cases stage names', () => {
    const { object } = read(df('FROM alpine:3.20 AS Base', 'FROM base AS app', 'FROM BASE', 'FROM base:1'));
    assert.deepEqual(object.stages.map((s) => [s.name ?? null, s.from.stage ?? null]), [
      ['base', null],
      ['app', 0],
      [null, 0],
      [null, null],
    ]);
  });

  it("gives each stage its own last USER; ENV carries into stages built FROM it, ARG does not", () => {
    const { object, at } = read(
      df(
        'ARG UID=10001', //                          1
        'FROM alpine:3.20 AS base', //               2
        'ARG UID', //                                3: the global default, declared again
        'ENV APP_GID=20002', //                      4
        'USER root', //                              5
        'USER ${UID}:${APP_GID}', //                 6
        'FROM base AS app', //                       7
        'USER ${UID:-1}:${APP_GID}', //              8: UID is not declared here
        'FROM base', //                              9
        'ARG UID', //                               10
        'ENV UID=${UID}0', //                       11: ENV wins over the ARG from here on
        'USER $UID', //                             12
      ),
    );
    assert.deepEqual(object.stages.map((s) => s.user), [
      { value: '${UID}:${APP_GID}', resolved: '10001:20002' },
      { value: '${UID:-1}:${APP_GID}', unresolved: ['UID'] },
      { value: '$UID', resolved: '100010' },
    ]);
    assert.equal(at('stages[0].user'), '6:1');
    assert.equal(at('stages[0].user.value'), '6:6');
    assert.equal(at('stages[2].user'), '12:1');
  });

  it('knows every variable of a chain that starts FROM scratch: none comes from a base image', () => {
    const { object } = read(df('FROM scratch', 'USER ${UID:-65532}', 'FROM alpine:3.20', 'USER ${UID:-65532}'));
    assert.deepEqual(object.stages.map((s) => s.user), [
      { value: '${UID:-65532}', resolved: '65532' },
      { value: '${UID:-65532}', unresolved: ['UID'] },
    ]);
  });

  it('treats platform arguments as build-dependent, and an ARG without default as set by the build', () => {
    const { object } = read(df('FROM alpine:3.20', 'ARG TARGETARCH', 'ARG APP_UID', 'USER ${APP_UID}', 'FROM alpine:3.20', 'USER $TARGETARCH'));
    assert.deepEqual(object.stages.map((s) => s.user?.unresolved), [['APP_UID'], ['TARGETARCH']]);
  });

  it('places FROM, its image and stage name exactly, also across continuation lines', () => {
    const { at } = read(df('FROM \\', '    --platform=linux/amd64 \\', '    node:22 \\', '    AS build', 'USER 1000'));
    assert.equal(at('stages[0]'), '1:1');
    assert.equal(at('stages[0].from.platform'), '2:5');
    assert.equal(at('stages[0].from.image'), '3:5');
    assert.equal(at('stages[0].name'), '4:8');
    assert.equal(at('stages[0].user'), '5:1');
    assert.equal(at('stages[0].instructions[0]'), '5:1');
  });

  it('turns kubeharden.io/ignore comments into annotations, located at the comment', () => {
    const { object, at } = read(
      df('FROM alpine:3.20', '# kubeharden.io/ignore: NSA-POD-004', '#kubeharden.io/ignore-reason= the installer', '# kubeharden.io/ignore-reason: needs root', 'USER root'),
    );
    assert.deepEqual(object.metadata, {
      name: 'Dockerfile',
      annotations: { 'kubeharden.io/ignore': 'NSA-POD-004', 'kubeharden.io/ignore-reason': 'the installer needs root' },
    });
    assert.equal(at('metadata.annotations["kubeharden.io/ignore"]'), '2:1');
  });

  it('reports what a build would refuse, with its line', () => {
    const errors = (text: string) => readDockerfile(text, 'Dockerfile').errors.map((e) => `${e.line}: ${e.message}`);
    assert.deepEqual(errors(df('RUN echo hi', 'FROM x')), ['1: RUN before the first FROM: only ARG may come before it']);
    assert.deepEqual(errors(df('ARG A=1')), ['1: no FROM instruction: nothing is built from this file']);
    assert.deepEqual(errors(df('FROM x AS')), ['1: FROM takes an image and optionally AS and a stage name']);
    assert.deepEqual(errors(df('FROM x AS 1st')), ['1: invalid stage name "1st": it must start with a letter and hold only letters, digits, - _ and .']);
    assert.deepEqual(errors(df('FROM x AS a', 'FROM y AS a')), ['2: duplicate stage name "a"']);
    assert.deepEqual(errors(df('FROM b AS a', 'FROM a AS b')), ['2: circular dependency between stages: "b" is built on itself']);
    assert.equal(readDockerfile('', 'Dockerfile').object, undefined);
  });
});
