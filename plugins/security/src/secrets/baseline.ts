/**
 * The baseline: fingerprints of findings someone has looked at and accepted, kept in a JSON file
 * (`.loom-secrets-baseline.json`) so the scanner stays quiet about them. It holds no secret and
 * no preview, only fingerprints and where they were seen.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { SecretFinding } from '../types.js';

export interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  file: string | undefined;
  line: number;
}

export interface Baseline {
  version: 1;
  /** Sorted, unique fingerprints: the part the scanner reads. */
  fingerprints: string[];
  /** Where each accepted finding was, for the humans reviewing the file. */
  findings: BaselineEntry[];
}

const FINGERPRINT = /^[0-9a-f]{16}$/;

/** A baseline accepting every finding given. */
export function createBaseline(findings: Iterable<SecretFinding>): Baseline {
  const entries = new Map<string, BaselineEntry>();
  for (const finding of findings) {
    if (!entries.has(finding.fingerprint)) entries.set(finding.fingerprint, { fingerprint: finding.fingerprint, ruleId: finding.ruleId, file: finding.file, line: finding.line });
  }
  const sorted = [...entries.values()].sort((a, b) => (a.file ?? '').localeCompare(b.file ?? '') || a.line - b.line || a.fingerprint.localeCompare(b.fingerprint));
  return { version: 1, fingerprints: [...entries.keys()].sort(), findings: sorted };
}

/** The fingerprints in a baseline's JSON text: `{ fingerprints: [...] }`, `{ findings: [{ fingerprint }] }` or a bare array. */
export function parseBaseline(json: string): string[] {
  const data: unknown = JSON.parse(json);
  const out = new Set<string>();
  const add = (value: unknown) => {
    if (typeof value === 'string' && FINGERPRINT.test(value)) out.add(value);
    else if (value !== null && typeof value === 'object' && typeof (value as { fingerprint?: unknown }).fingerprint === 'string') add((value as { fingerprint: string }).fingerprint);
  };
  if (Array.isArray(data)) data.forEach(add);
  else if (data !== null && typeof data === 'object') {
    const { fingerprints, findings } = data as { fingerprints?: unknown; findings?: unknown };
    if (Array.isArray(fingerprints)) fingerprints.forEach(add);
    if (Array.isArray(findings)) findings.forEach(add);
  }
  return [...out].sort();
}

/** Reads a baseline file (see `parseBaseline` for the accepted shapes). */
export function readBaseline(path: string): string[] {
  return parseBaseline(readFileSync(path, 'utf8'));
}

/** Writes a baseline file, from a baseline or straight from findings. */
export function writeBaseline(path: string, baseline: Baseline | Iterable<SecretFinding>): void {
  const value = 'version' in baseline && 'fingerprints' in baseline ? baseline : createBaseline(baseline as Iterable<SecretFinding>);
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}
