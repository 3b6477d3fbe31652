// Shapes that cross the router's stages (routes → features → model → decide → extract).

/** One route as the router knows it: a plugin's manifest entry plus where it came from. */
export interface RouteEntry {
  plugin: string;
  command: string;
  summary: string;
  examples: string[];
  args: Record<string, string>;
}

/** What oclif's manifest says about a command's arguments and flags, for building argv. */
export interface CommandSpec {
  /** False when the command takes more words than it declares (oclif `strict = false`). */
  strict?: boolean | undefined;
  args: Array<{ name: string; required: boolean; description: string }>;
  flags: Array<{ name: string; boolean: boolean; required: boolean; options?: string[] | undefined; description: string }>;
}

export type Band = 'run' | 'confirm' | 'choose' | 'none';

export interface Thresholds {
  /** At or above: run (with --yes, or when the command only reads). */
  run: number;
  /** At or above: ask y/N. */
  confirm: number;
  /** At or above: offer the top 3; below: none. */
  choose: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = { run: 0.6, confirm: 0.35, choose: 0.1 };

export interface Scored {
  command: string;
  confidence: number;
}

export interface Decision {
  text: string;
  /** The chosen command, or `none`. */
  command: string;
  argv: string[];
  args: Record<string, string | boolean>;
  /** Arguments the command requires that the request does not give. */
  missing: Array<{ name: string; description: string }>;
  confidence: number;
  band: Band;
  alternatives: Scored[];
  why: string[];
  /** Set when Claude decided, in the unsure band. */
  decidedBy?: 'model' | 'claude' | undefined;
}
