import { defineControl, type ControlReport } from '../../core/control.js';
import { isWellFormedDigest, parseImageReference } from '../../core/images.js';
import type { Path } from '../../core/path.js';
import { asArray, asNumber, asRecord, asString, asStringArray } from '../../core/values.js';
import { catalogFields } from '../../guidance/lookup.js';

type MessageId =
  | 'noUser'
  | 'scratchNoUser'
  | 'rootUser'
  | 'userUnresolved'
  | 'namedUser'
  | 'rootGroup'
  | 'baseImageLatest'
  | 'baseImageNoDigest'
  | 'baseImageMalformedDigest'
  | 'baseImageUnresolved';

interface Stage {
  readonly index: number;
  readonly record: Record<string, unknown>;
  readonly from: Record<string, unknown>;
  /** `"builder"`, or `#2` for a stage without a name. */
  readonly label: string;
}

function stagesOf(object: Record<string, unknown>): Stage[] {
  return asArray(object['stages']).map((value, index) => {
    const record = asRecord(value) ?? {};
    const name = asString(record['name']);
    return { index, record, from: asRecord(record['from']) ?? {}, label: name ? `"${name}"` : `#${index + 1}` };
  });
}

/** UID 0 by name or number; on Windows, ContainerAdministrator is the administrator account of containers. */
const isRoot = (name: string): boolean => name === 'root' || /^0+$/.test(name) || /^containeradministrator$/i.test(name);
/** Windows containers name their unprivileged account: Kubernetes judges it by runAsUserName, not a UID. */
const isWindowsUser = (name: string): boolean => /^containeruser$/i.test(name);

/**
 * The user the final image runs as: the last USER of the final stage, or of the stage it is built
 * on (`FROM builder`), and so on up the chain; the chain is returned too.
 */
function effectiveUser(stages: readonly Stage[]): { chain: Stage[]; owner?: Stage } {
  const chain: Stage[] = [];
  let stage = stages[stages.length - 1];
  while (stage && !chain.includes(stage)) {
    chain.push(stage);
    if (asRecord(stage.record['user'])) return { chain, owner: stage };
    const parent = asNumber(stage.from['stage']);
    stage = parent === undefined ? undefined : stages[parent];
  }
  return { chain };
}

function* judgeUser(stages: readonly Stage[]): Iterable<ControlReport<MessageId>> {
  const final = stages[stages.length - 1];
  if (!final) return;
  const { chain, owner } = effectiveUser(stages);
  const ancestors = chain.slice(1).map((s) => s.label);
  const inheritance = ancestors.length ? `, nor does any stage it is built on (${ancestors.join(', ')})` : '';
  if (!owner) {
    // The USER would belong in the final stage, right after its FROM.
    const path: Path = ['stages', final.index, 'user'];
    const root = chain[chain.length - 1] as Stage;
    const image = asString(root.from['resolved']) ?? asString(root.from['image']) ?? '';
    if (image === 'scratch') yield { messageId: 'scratchNoUser', data: { stage: final.label, inheritance }, path };
    else yield { messageId: 'noUser', data: { stage: final.label, inheritance, image }, path };
    return;
  }
  const user = asRecord(owner.record['user']) ?? {};
  const value = asString(user['value']) ?? '';
  const path: Path = ['stages', owner.index, 'user'];
  const where = owner === final ? `The final stage ${final.label}` : `Stage ${owner.label}, which the final stage ${final.label} is built on,`;
  const resolved = asString(user['resolved']);
  if (resolved === undefined) {
    const variables = asStringArray(user['unresolved']).join(', ') || 'a variable';
    yield { messageId: 'userUnresolved', data: { where, value, variables }, path, status: 'warning' };
    return;
  }
  const colon = resolved.indexOf(':');
  const name = (colon === -1 ? resolved : resolved.slice(0, colon)).trim();
  const group = colon === -1 ? undefined : resolved.slice(colon + 1).trim();
  if (name === '' || isRoot(name)) {
    yield { messageId: 'rootUser', data: { where, value: resolved || value }, path };
    return;
  }
  if (!/^\d+$/.test(name) && !isWindowsUser(name)) yield { messageId: 'namedUser', data: { where, value: resolved }, path, status: 'warning' };
  if (group !== undefined && isRoot(group)) yield { messageId: 'rootGroup', data: { where, value: resolved }, path, status: 'warning' };
}

function* judgeBaseImages(stages: readonly Stage[]): Iterable<ControlReport<MessageId>> {
  for (const stage of stages) {
    if (asNumber(stage.from['stage']) !== undefined) continue; // built on another stage of the file
    const path: Path = ['stages', stage.index, 'from', 'image'];
    const written = asString(stage.from['image']) ?? '';
    const image = asString(stage.from['resolved']);
    if (image === undefined) {
      const variables = asStringArray(stage.from['unresolved']).join(', ') || 'a variable';
      yield { messageId: 'baseImageUnresolved', data: { stage: stage.label, image: written, variables }, path, status: 'warning' };
      continue;
    }
    if (image === 'scratch' || image === '') continue;
    const { tag, digest } = parseImageReference(image);
    if (digest !== undefined) {
      if (!isWellFormedDigest(digest)) yield { messageId: 'baseImageMalformedDigest', data: { stage: stage.label, image }, path, status: 'warning' };
      continue;
    }
    if (tag === undefined || tag === 'latest') {
      yield { messageId: 'baseImageLatest', data: { stage: stage.label, image, why: tag ? 'tagged latest' : 'untagged (latest)' }, path, status: 'warning' };
    } else {
      yield { messageId: 'baseImageNoDigest', data: { stage: stage.label, image }, path, status: 'warning' };
    }
  }
}

export default defineControl({
  target: 'resource',
  kinds: ['kubeharden.io/Dockerfile'],
  meta: {
    ...catalogFields('NSA-POD-004'),
    slug: 'image-non-root-user',
    rationale:
      'A container runs as the image\'s USER unless the pod says otherwise: an image without a non-root USER runs as root wherever its manifest forgets runAsUser, and root in a container is one kernel or runtime flaw away from root on the node (guidance App. A declares USER in the Dockerfile). Only the final stage counts: a USER set in a builder stage does not carry over, except into a stage built FROM it. The base image\'s own user is not visible in a Dockerfile, so the final stage must say USER itself. Base images are also checked as NSA-POD-033 checks workload images (latest or untagged, no digest), as warnings: the control\'s verdict stays the catalog\'s USER rule.',
    remediation:
      'Add `USER <uid>:<gid>` with a non-zero numeric UID and GID (e.g. USER 65532:65532) as the last USER of the final stage, after the steps that need root; create the user in an earlier step if the base image lacks it. Pin every base image by digest: FROM image:tag@sha256:....',
    messages: {
      noUser:
        'The final stage {{stage}} sets no USER{{inheritance}}: the container runs as the default user of {{image}}, which a Dockerfile does not show and which is root for most images.',
      scratchNoUser: 'The final stage {{stage}} is built FROM scratch and sets no USER{{inheritance}}: the container runs as root (UID 0).',
      rootUser: '{{where}} sets USER {{value}}: the container runs as root.',
      userUnresolved:
        '{{where}} sets USER {{value}}, which depends on {{variables}} with no value in the Dockerfile: whether the container runs as root is decided at build time or by the base image.',
      namedUser:
        '{{where}} sets USER {{value}} by name: Kubernetes cannot check that a user name is not root (runAsNonRoot rejects the pod unless runAsUser is set), a numeric UID it can.',
      rootGroup: '{{where}} sets USER {{value}}, whose group is root (GID 0): the container can write what the root group may write.',
      baseImageLatest: 'Stage {{stage}} is built FROM {{image}}, which is {{why}}: the base image changes under the same name.',
      baseImageNoDigest: 'Stage {{stage}} is built FROM {{image}} without a @sha256 digest: the tag can move to another image.',
      baseImageMalformedDigest: 'Stage {{stage}} is built FROM {{image}}, whose digest is not well formed (OCI image spec): it pins nothing.',
      baseImageUnresolved:
        'Stage {{stage}} is built FROM {{image}}, which depends on {{variables}} with no default in the Dockerfile: its tag and digest cannot be checked.',
    },
    exampleFile: 'Dockerfile',
    example: `# Build with the full toolchain, run on a minimal base as a numeric non-root user.
FROM docker.io/library/node:22-alpine@sha256:8094c002d08262dba12645a3b4a15cd6cd627d30bc782f53229a2ec13ee22a00 AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY . .
RUN npm run build && npm prune --omit=dev

FROM gcr.io/distroless/nodejs22-debian12:nonroot@sha256:13593b7570658e8477de39e2f4a1dd25db2f836d68a0ba771251572d23bb4f8e
WORKDIR /app
COPY --from=build /src/dist ./dist
COPY --from=build /src/node_modules ./node_modules
USER 65532:65532
ENTRYPOINT ["/nodejs/bin/node", "dist/server.js"]
`,
  },
  *check(resource) {
    const stages = stagesOf(resource.object);
    yield* judgeUser(stages);
    yield* judgeBaseImages(stages);
  },
});
