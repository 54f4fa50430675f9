import type { Path } from './path.js';

/**
 * A declarative change to a resource, on its path from the resource root (architecture design rule 6).
 * `add` and `replace` both set the value, creating missing parent maps; a last segment `-` appends to a
 * list (once: an equal item already there is not added again). `remove` deletes the field or list item,
 * and a map or list that the removal leaves empty goes too, so no `securityContext: {}` is left behind.
 */
export type PatchOp =
  | { readonly op: 'add' | 'replace'; readonly path: Path; readonly value: unknown }
  | { readonly op: 'remove'; readonly path: Path };

/** What a control proposes for one finding. */
export interface ControlFix {
  readonly ops: readonly PatchOp[];
  /**
   * Why applying the ops could break the workload (a container that asks for root, a node agent that needs
   * the host): the fix is then shown as a suggestion with this reason and never applied by `kubeharden fix`.
   */
  readonly unsafe?: string;
}

/** An edit of a file's text, ESLint's fix shape: replace the characters in [start, end) by `text`. */
export interface TextEdit {
  readonly range: readonly [number, number];
  readonly text: string;
}

/** Values `kubeharden fix` writes where a manifest has none (flags of `fix` and `generate`). */
export interface FixDefaults {
  /** Non-zero UID set when a pod may run as root and sets no runAsUser. */
  readonly runAsUser: number;
  /** Non-zero GID set when a pod sets no runAsGroup. */
  readonly runAsGroup: number;
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly cpu: string; readonly memory: string };
  /** The Pod Security Standards level namespaces are labelled to enforce. */
  readonly level: 'baseline' | 'restricted';
}

export const defaultFixDefaults: FixDefaults = {
  runAsUser: 10001,
  runAsGroup: 10001,
  requests: { cpu: '100m', memory: '128Mi' },
  limits: { cpu: '500m', memory: '512Mi' },
  level: 'restricted',
};
