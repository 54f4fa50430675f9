# syntax=docker/dockerfile:1
#
# The kubeharden image: docker build -t kubeharden:0.1.0 .
#
# Built with the full Node toolchain, run on distroless Node.js (no shell, no package manager) as a
# numeric non-root user, with every file owned by root so that the process cannot change its own
# code. Nothing is written at run time except where --output points, so the container runs with a
# read-only root filesystem (the manifests in deploy/ mount an emptyDir for reports).
#
# Both base images are pinned by the digest of their multi-arch index (amd64 and arm64). To move to
# newer ones: docker buildx imagetools inspect <image:tag>, and replace the digest.

FROM docker.io/library/node:22-alpine@sha256:8094c002d08262dba12645a3b4a15cd6cd627d30bc782f53229a2ec13ee22a00 AS build
WORKDIR /src
# The lock file alone decides the dependencies; scripts wait until the sources are in (prepare builds).
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
RUN npm run build \
 && npm prune --omit=dev --ignore-scripts --no-audit --no-fund \
 && find dist -name '*.test.*' -delete

FROM gcr.io/distroless/nodejs22-debian12:nonroot@sha256:13593b7570658e8477de39e2f4a1dd25db2f836d68a0ba771251572d23bb4f8e
LABEL org.opencontainers.image.title="kubeharden" \
      org.opencontainers.image.description="Audit Kubernetes manifests, clusters and nodes against the NSA/CISA Kubernetes Hardening Guidance" \
      org.opencontainers.image.licenses="Apache-2.0"
WORKDIR /app
# package.json says the compiled files are ES modules.
COPY --from=build --chown=0:0 /src/package.json ./
COPY --from=build --chown=0:0 /src/node_modules ./node_modules
COPY --from=build --chown=0:0 /src/dist ./dist
# The distroless "nonroot" user, by number: Kubernetes can then check runAsNonRoot against it.
USER 65532:65532
ENTRYPOINT ["/nodejs/bin/node", "/app/dist/cli/bin.js"]
CMD ["--help"]
