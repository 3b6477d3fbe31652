import { rank, why } from './decide/index.js';
import { extractArgs } from './extract/index.js';
import { NONE, predict, type ModelData } from './model/index.js';
import { DEFAULT_THRESHOLDS, type Band, type CommandSpec, type Decision, type RouteEntry, type Thresholds } from './types.js';

export interface RouterData {
  model: ModelData;
  routes: RouteEntry[];
  /** oclif's view of each routed command's arguments and flags, by command id. */
  specs: Record<string, CommandSpec>;
}

export interface RouteOptions {
  cwd?: string | undefined;
  thresholds?: Thresholds | undefined;
}

export interface Router {
  readonly data: RouterData;
  route(text: string, options?: RouteOptions): Decision;
  /** The same decision sent to another command (Claude's or the user's pick), arguments re-extracted. */
  redirect(decision: Decision, command: string, band: Band, options?: RouteOptions): Decision;
}

const NO_SPEC: CommandSpec = { args: [], flags: [] };

/** Pure routing: the model's ranking, the band, the words that decided, the arguments. */
export function createRouter(data: RouterData): Router {
  const byCommand = new Map(data.routes.map((route) => [route.command, route]));
  const fill = (text: string, command: string, cwd: string | undefined) => {
    if (command === NONE) return { argv: [], args: {}, missing: [] };
    const route = byCommand.get(command)!;
    return extractArgs(text, route, data.specs[command] ?? NO_SPEC, cwd ?? process.cwd());
  };
  return {
    data,
    route(text, options = {}) {
      const prediction = predict(data.model, text);
      const ranking = rank(data.model, prediction, options.thresholds ?? DEFAULT_THRESHOLDS);
      const others = ranking.band === 'none' ? ranking.ranked.slice(0, 3) : ranking.ranked.slice(1, 4);
      return {
        text,
        command: ranking.command,
        ...fill(text, ranking.command, options.cwd),
        confidence: round(ranking.confidence),
        band: ranking.band,
        alternatives: others.map((entry) => ({ command: entry.command, confidence: round(entry.confidence) })),
        why: why(data.model, prediction, ranking.command),
        decidedBy: 'model',
      };
    },
    redirect(decision, command, band, options = {}) {
      if (command === decision.command && band === decision.band) return decision;
      return { ...decision, command, band, ...fill(decision.text, command, options.cwd), why: command === NONE ? [] : decision.why };
    },
  };
}

const round = (value: number) => Math.round(value * 1000) / 1000;
