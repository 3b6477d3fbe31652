import type { WalkSettings } from '../walk-target.js';
import type { WalkResult } from '../types.js';

// An early answer that walked the folder and then declined (a file changed, so no outcome is
// kept under the new key) hands its walk to the command that runs next in the same process, so
// a run after an edit does not walk twice. It walked with the policy and settings the booted
// kernel has (it declines before walking otherwise), a moment earlier. The early answer is a
// bundle of its own, so the walk passes through a global slot, not a module variable.
const SLOT = Symbol.for('@loomkit/plugin-mega-query:early-walk');

interface Handed {
  key: string;
  walked: WalkResult;
}

type Slotted = typeof globalThis & { [SLOT]?: Handed };

const keyOf = (root: string, settings: WalkSettings, projectRoot: string): string => JSON.stringify([root, projectRoot, settings]);

export function handWalk(root: string, settings: WalkSettings, projectRoot: string, walked: WalkResult): void {
  (globalThis as Slotted)[SLOT] = { key: keyOf(root, settings, projectRoot), walked };
}

/** The walk an early answer handed over for this root and these settings, once; undefined otherwise. */
export function takeWalk(root: string, settings: WalkSettings, projectRoot: string): WalkResult | undefined {
  const handed = (globalThis as Slotted)[SLOT];
  delete (globalThis as Slotted)[SLOT];
  return handed?.key === keyOf(root, settings, projectRoot) ? handed.walked : undefined;
}
