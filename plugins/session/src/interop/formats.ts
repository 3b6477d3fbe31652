import { LoomError } from '@loomkit/kernel';
import { z } from 'zod';
import { sessionRecordSchema, type CheckpointRecord, type TurnRecord } from '../schema.js';
import type { SessionState } from '../store/types.js';

export const EXPORT_FORMATS = ['md', 'json', 'claude-code'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** `loom session export --format json`: the whole session, readable back by `import`. */
export interface LoomExport {
  format: 'loom-session';
  v: 1;
  exportedAt: string;
  session: { id: string; name: string; projectRoot: string; createdAt: string; updatedAt: string; forkedFrom: string | null; ended: boolean; turns: number; costUsd: number };
  pins: Array<{ id: string; text: string }>;
  turns: TurnRecord[];
  checkpoints: CheckpointRecord[];
}

const turnSchema = sessionRecordSchema.options.find((option) => option.shape.type.value === 'turn')!;

const loomExportSchema = z.object({
  format: z.literal('loom-session'),
  v: z.literal(1),
  session: z.object({ id: z.string(), name: z.string() }).passthrough(),
  pins: z.array(z.object({ id: z.string(), text: z.string() })).default([]),
  turns: z.array(z.unknown()),
});

export function toLoomExport(state: SessionState, now: number): LoomExport {
  return {
    format: 'loom-session',
    v: 1,
    exportedAt: new Date(now).toISOString(),
    session: {
      id: state.id,
      name: state.name,
      projectRoot: state.projectRoot,
      createdAt: state.createdAt,
      updatedAt: state.updatedAt,
      forkedFrom: state.forkedFrom,
      ended: state.ended,
      turns: state.turns,
      costUsd: state.costUsd,
    },
    pins: state.pins,
    turns: state.turnRecords,
    checkpoints: state.checkpoints,
  };
}

export function isLoomExport(text: string): boolean {
  return /^\s*\{\s*"format"\s*:\s*"loom-session"/.test(text);
}

/** A Loom JSON export read back: turns checked one by one against the record schema. */
export function parseLoomExport(text: string, file: string): { name: string; pins: Array<{ id: string; text: string }>; turns: TurnRecord[]; skipped: number } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new LoomError('SESSION_IMPORT_INVALID', `${file} is not valid JSON: ${(error as Error).message}`, { hint: 'export it again with `loom session export <id> --format json`' });
  }
  const parsed = loomExportSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new LoomError('SESSION_IMPORT_INVALID', `${file} is not a Loom session export: ${issue.path.join('.') || '(root)'}: ${issue.message}`, {
      hint: 'export it again with `loom session export <id> --format json`',
    });
  }
  const turns: TurnRecord[] = [];
  let skipped = 0;
  for (const raw of parsed.data.turns) {
    const turn = turnSchema.safeParse(raw);
    if (turn.success) turns.push(turn.data as TurnRecord);
    else skipped++;
  }
  return { name: parsed.data.session.name, pins: parsed.data.pins, turns, skipped };
}

const usd = (value: number): string => `$${value < 0.01 && value > 0 ? value.toFixed(4) : value.toFixed(2)}`;

/** A readable transcript: header, pinned memory, then every turn (summaries marked as such). */
export function toMarkdown(state: SessionState): string {
  const out: string[] = [`# ${state.name}`, ''];
  out.push(`- id: \`${state.id}\``, `- project: \`${state.projectRoot}\``, `- created: ${state.createdAt}`, `- updated: ${state.updatedAt}`);
  out.push(`- turns: ${state.turns} · cost: ${usd(state.costUsd)}${state.ended ? ' · ended' : ''}${state.archived ? ' · archived' : ''}`);
  if (state.forkedFrom) out.push(`- forked from: \`${state.forkedFrom}\``);
  if (state.pins.length > 0) {
    out.push('', '## Pinned memory', '');
    for (const pin of state.pins) out.push(`- (${pin.id}) ${pin.text}`);
  }
  if (state.checkpoints.length > 0) {
    out.push('', '## Checkpoints', '');
    for (const checkpoint of state.checkpoints) out.push(`- \`${checkpoint.id}\` ${checkpoint.at} ${checkpoint.message}${checkpoint.auto ? ' (automatic)' : ''}`);
  }
  out.push('', '## Turns');
  for (const turn of state.turnRecords) {
    const tokens = turn.tokens.input + turn.tokens.output + turn.tokens.cacheRead + turn.tokens.cacheWrite;
    const facts = [turn.at, turn.kind === 'command' ? `loom ${turn.command ?? ''}`.trim() : turn.kind, turn.model, tokens > 0 ? `${tokens} tokens` : undefined, turn.costUsd > 0 ? usd(turn.costUsd) : undefined, turn.git.branch ? `on ${turn.git.branch}` : undefined];
    out.push('', `### ${turn.seq + 1}. ${facts.filter(Boolean).join(' · ')}`, '');
    if (turn.kind === 'summary') {
      out.push(`*Summary of turns ${(turn.summarises ?? []).map((seq) => seq + 1).join(', ')}:*`, '', turn.output);
      continue;
    }
    out.push(`**${turn.kind === 'command' ? 'Command' : 'You'}:** ${turn.input}`, '');
    if (turn.output) out.push(`**${turn.kind === 'command' ? 'Result' : 'Claude'}:** ${turn.output}`);
    if (turn.files.length > 0) out.push('', `Files: ${turn.files.map((file) => `\`${file}\``).join(', ')}`);
  }
  return `${out.join('\n')}\n`;
}
