import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scanWith, testControl } from '../../testing/control-tester.js';
import control from './image-non-root-user.js';

/** A Dockerfile from its lines, so that the asserted line numbers can be counted. */
const df = (...lines: string[]): string => lines.join('\n') + '\n';
const file = 'Dockerfile';
const digest = (c: string): string => `@sha256:${c.repeat(64)}`;
const alpine = `alpine:3.20${digest('a')}`;
const distroless = `gcr.io/distroless/static-debian12:nonroot${digest('b')}`;
const golang = `golang:1.23${digest('c')}`;

testControl(control, {
  valid: [
    {
      name: 'one stage with a numeric non-root USER',
      file,
      manifest: df(`FROM ${alpine}`, 'RUN addgroup -g 10001 app && adduser -D -u 10001 -G app app', 'USER 10001:10001', 'CMD ["/app"]'),
    },
    {
      name: 'multi-stage: the builder runs as root, the final stage does not',
      file,
      manifest: df(
        `FROM ${golang} AS build`,
        'WORKDIR /src',
        'COPY . .',
        'RUN CGO_ENABLED=0 go build -o /out/app ./cmd/app',
        `FROM ${distroless}`,
        'COPY --from=build /out/app /app',
        'USER 65532:65532',
        'ENTRYPOINT ["/app"]',
      ),
    },
    {
      name: 'the final stage is built FROM a named stage that sets the USER',
      file,
      manifest: df(`FROM ${alpine} AS base`, 'USER 10001', 'FROM base AS app', 'COPY app /app', 'FROM app', 'CMD ["/app"]'),
    },
    {
      name: 'USER from an ARG declared before FROM and again in the stage, with its default',
      file,
      manifest: df('ARG UID=10001', 'ARG GID=10001', `FROM ${alpine}`, 'ARG UID', 'ARG GID', 'USER ${UID}:${GID}'),
    },
    {
      name: 'USER from ENV and from an ARG set in the stage',
      file,
      manifest: df(`FROM ${alpine}`, 'ENV APP_UID=1000', 'ARG APP_GID=1000', 'USER ${APP_UID}:${APP_GID}'),
    },
    {
      name: 'root for the install steps, then a non-root USER last',
      file,
      manifest: df(`FROM ${alpine}`, 'USER root', 'RUN apk add --no-cache curl', 'USER 1000:1000'),
    },
    {
      name: 'lower-case instructions, continuation lines and a heredoc',
      file,
      manifest: df(`from \\`, `  ${alpine} \\`, '  as runtime', 'run <<EOF', 'USER root', 'EOF', 'user \\', '  1000:1000'),
    },
    {
      name: 'FROM scratch with a numeric USER',
      file,
      manifest: df(`FROM ${golang} AS build`, 'RUN go build -o /app .', 'FROM scratch', 'COPY --from=build /app /app', 'USER 65534:65534', 'ENTRYPOINT ["/app"]'),
    },
    {
      name: 'Go cross-build with BuildKit cache mounts and platform arguments',
      file,
      manifest: df(
        '# syntax=docker/dockerfile:1.7',
        `ARG GO_IMAGE=${golang}`,
        'FROM --platform=$BUILDPLATFORM ${GO_IMAGE} AS build',
        'ARG TARGETOS TARGETARCH',
        'WORKDIR /src',
        'RUN --mount=type=cache,target=/go/pkg/mod \\',
        '    --mount=type=bind,source=go.mod,target=go.mod \\',
        '    go mod download',
        'RUN --mount=type=cache,target=/root/.cache/go-build \\',
        '    CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/app .',
        '',
        `FROM ${distroless}`,
        'COPY --from=build /out/app /app',
        'USER 65532:65532',
        'HEALTHCHECK --interval=30s CMD ["/app", "health"]',
        'ENTRYPOINT ["/app"]',
      ),
    },
    {
      name: 'a Windows image under # escape=` as ContainerUser',
      file,
      manifest: df(
        '# escape=`',
        `FROM mcr.microsoft.com/windows/servercore:ltsc2022${digest('f')}`,
        'SHELL ["powershell", "-Command"]',
        'RUN New-Item -ItemType Directory C:\\app; `',
        '    Write-Host done',
        'USER ContainerUser',
      ),
    },
    {
      name: 'a base image given by a build argument whose default is pinned',
      file,
      manifest: df(`ARG BASE=${alpine}`, 'FROM ${BASE}', 'USER 1000'),
    },
  ],
  invalid: [
    {
      name: 'no USER at all (Hadolint DL3002 and Trivy DS002 shape): the base image decides, unseen',
      file,
      manifest: df('FROM node:20-alpine', 'WORKDIR /app', 'COPY . .', 'CMD ["node", "server.js"]'),
      findings: [
        { messageId: 'noUser', path: 'stages[0].user', line: 1, column: 1 },
        { messageId: 'baseImageNoDigest', path: 'stages[0].from.image', status: 'warning', line: 1, column: 6 },
      ],
    },
    {
      name: 'USER root in the final stage',
      file,
      manifest: df(`FROM ${alpine}`, 'RUN apk add curl', 'USER root'),
      findings: [{ messageId: 'rootUser', path: 'stages[0].user', line: 3, column: 1 }],
    },
    {
      name: 'USER 0:0, and a later USER wins over an earlier one',
      file,
      manifest: df(`FROM ${alpine}`, 'USER 1000', 'RUN id', 'USER 0:0'),
      findings: [{ messageId: 'rootUser', path: 'stages[0].user', line: 4, column: 1 }],
    },
    {
      name: 'a USER in the builder stage does not carry over into a final stage FROM another image',
      file,
      manifest: df(`FROM ${golang} AS build`, 'USER 1000', 'RUN go build -o /out/app .', '', `FROM ${alpine}`, 'COPY --from=build /out/app /app'),
      findings: [{ messageId: 'noUser', path: 'stages[1].user', line: 5, column: 1 }],
    },
    {
      name: 'root set in the stage the final stage is built on',
      file,
      manifest: df(`FROM ${alpine} AS base`, 'USER 1000', 'USER root', 'FROM base', 'COPY app /app'),
      findings: [{ messageId: 'rootUser', path: 'stages[0].user', line: 3, column: 1 }],
    },
    {
      name: 'a chain of stages none of which sets USER',
      file,
      manifest: df(`FROM ${alpine} AS base`, 'FROM base AS deps', 'FROM deps', 'CMD ["sh"]'),
      findings: [{ messageId: 'noUser', path: 'stages[2].user', line: 3, column: 1 }],
    },
    {
      name: 'FROM scratch without USER runs as UID 0',
      file,
      manifest: df(`FROM ${golang} AS build`, 'USER 1000', 'FROM scratch', 'COPY --from=build /app /app'),
      findings: [{ messageId: 'scratchNoUser', path: 'stages[1].user', line: 3, column: 1 }],
    },
    {
      name: 'a root USER written across a continuation line, and Windows ContainerAdministrator',
      file,
      manifest: df(`FROM ${alpine}`, 'USER \\', '    root', `FROM mcr.microsoft.com/windows/nanoserver:ltsc2022${digest('d')}`, 'USER ContainerAdministrator'),
      findings: [{ messageId: 'rootUser', path: 'stages[1].user', line: 5, column: 1 }],
    },
    {
      name: 'a heredoc that writes USER root into a file sets no USER',
      file,
      manifest: df(`FROM ${alpine}`, 'COPY <<EOF /Dockerfile.inner', `FROM ${alpine}`, 'USER 1000', 'EOF'),
      findings: [{ messageId: 'noUser', path: 'stages[0].user', line: 1, column: 1 }],
    },
    {
      name: 'ONBUILD USER only applies to images built FROM this one',
      file,
      manifest: df(`FROM ${alpine}`, 'ONBUILD USER 1000', 'CMD ["sh"]'),
      findings: [{ messageId: 'noUser', path: 'stages[0].user', line: 1, column: 1 }],
    },
    {
      name: 'an nginx-unprivileged style image: numeric USER, base image tagged without digest',
      file,
      manifest: df('FROM nginx:1.27-alpine', "RUN sed -i 's/listen  *80;/listen 8080;/' /etc/nginx/conf.d/default.conf \\", '    && chown -R 101:101 /var/cache/nginx', 'USER 101', 'EXPOSE 8080'),
      findings: [{ messageId: 'baseImageNoDigest', path: 'stages[0].from.image', status: 'warning', line: 1, column: 6 }],
    },
    {
      name: 'USER from the base image ENV (the .NET $APP_UID pattern) cannot be judged here',
      file,
      manifest: df(`FROM mcr.microsoft.com/dotnet/aspnet:8.0${digest('e')}`, 'USER $APP_UID'),
      findings: [{ messageId: 'userUnresolved', path: 'stages[0].user', status: 'warning', line: 2, column: 1 }],
    },
    {
      name: 'USER from a build argument without default',
      file,
      manifest: df(`FROM ${alpine}`, 'ARG UID', 'USER ${UID}'),
      findings: [{ messageId: 'userUnresolved', path: 'stages[0].user', status: 'warning', line: 3 }],
    },
    {
      name: 'a user name cannot be checked by runAsNonRoot, and the root group is worth a look',
      file,
      manifest: df(`FROM ${alpine}`, 'USER node', `FROM ${alpine}`, 'USER 1000:0'),
      findings: [{ messageId: 'rootGroup', path: 'stages[1].user', status: 'warning', line: 4 }],
    },
    {
      name: 'a named user in the final stage',
      file,
      manifest: df(`FROM ${alpine}`, 'USER node:node'),
      findings: [{ messageId: 'namedUser', path: 'stages[0].user', status: 'warning', line: 2 }],
    },
    {
      name: 'base images latest, untagged, unpinned or left to a build argument (Hadolint DL3006/DL3007 shape)',
      file,
      manifest: df(
        'ARG UBUNTU=latest', //                         1
        'ARG DEBIAN', //                                2
        'ARG NODE', //                                  3
        'FROM ubuntu:${UBUNTU} AS a', //                4
        'FROM debian AS b', //                          5
        'FROM debian:${DEBIAN} AS c', //                6
        'FROM node:${NODE:-22} AS d', //                7
        `FROM alpine@sha256:${'a'.repeat(10)} AS e`, // 8
        'FROM a', //                                    9: another stage: nothing to pin
        'USER 1000',
      ),
      findings: [
        { messageId: 'baseImageLatest', path: 'stages[0].from.image', status: 'warning', line: 4, column: 6 },
        { messageId: 'baseImageLatest', path: 'stages[1].from.image', status: 'warning', line: 5, column: 6 },
        { messageId: 'baseImageUnresolved', path: 'stages[2].from.image', status: 'warning', line: 6, column: 6 },
        { messageId: 'baseImageNoDigest', path: 'stages[3].from.image', status: 'warning', line: 7, column: 6 },
        { messageId: 'baseImageMalformedDigest', path: 'stages[4].from.image', status: 'warning', line: 8, column: 6 },
      ],
    },
    {
      name: 'the base image of a FROM split over continuation lines is located on its own line',
      file,
      manifest: df('FROM \\', '    --platform=$BUILDPLATFORM \\', '    python:3.12-slim \\', '    AS app', 'USER 1000'),
      findings: [{ messageId: 'baseImageNoDigest', path: 'stages[0].from.image', status: 'warning', line: 3, column: 5 }],
    },
  ],
});

describe('NSA-POD-004 image-non-root-user: messages, exceptions and other kinds', () => {
  it('says which stage and base image the user comes from', () => {
    const report = scanWith(control, df('FROM node:22 AS base', 'FROM base AS app', 'FROM app'), {}, file);
    const noUser = report.findings.find((f) => f.messageId === 'noUser');
    assert.equal(
      noUser?.message,
      'The final stage #3 sets no USER, nor does any stage it is built on ("app", "base"): the container runs as the default user of node:22, which a Dockerfile does not show and which is root for most images.',
    );
    const root = scanWith(control, df(`FROM ${alpine} AS base`, 'USER 0', 'FROM base'), {}, file).findings[0];
    assert.equal(root?.message, 'Stage "base", which the final stage #2 is built on, sets USER 0: the container runs as root.');
    assert.equal(root?.resource.kind, 'Dockerfile');
    assert.equal(root?.resource.name, 'Dockerfile');
    assert.deepEqual([root?.location?.file, root?.location?.line, root?.location?.exact], ['Dockerfile', 2, true]);
  });

  it('is suppressed by # kubeharden.io/ignore comments, which keep the finding and its reason', () => {
    const report = scanWith(
      control,
      df(`FROM ${alpine}`, '# kubeharden.io/ignore: image-non-root-user', '# kubeharden.io/ignore-reason: the init image must chown the volume', 'USER root'),
      {},
      file,
    );
    assert.deepEqual(
      report.findings.map((f) => [f.status, f.suppression?.reason]),
      [['suppressed', 'the init image must chown the volume']],
    );
    assert.equal(report.controls.find((c) => c.id === 'NSA-POD-004')?.status, 'passed');
  });

  it('is not evaluated without a Dockerfile, and never throws on a YAML object that claims the kind', () => {
    const manifests = scanWith(control, 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: a, image: x}]}\n');
    assert.equal(manifests.controls.find((c) => c.id === 'NSA-POD-004')?.status, 'not-evaluated');
    const odd = scanWith(control, 'apiVersion: kubeharden.io/v1\nkind: Dockerfile\nmetadata: {name: d}\nstages: [null, {from: 3, user: [1]}]\n');
    assert.deepEqual(odd.errors, []);
  });
});
