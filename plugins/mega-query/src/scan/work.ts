import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { estimateTextTokens } from '@loomkit/llm/estimate-tokens';
import type { InjectionGuard, SecretFinding, SecretScanner } from '@loomkit/plugin-security';
// The light entries (no kernel, no SDK): this module runs in scan workers too.
import { placeholder, replaceFindings } from '@loomkit/plugin-security/detectors';
import type { FileFacts, MaskedSecret } from '../types.js';
import type { CachedDerived } from './cache.js';
import { injectionRegions } from './injection-regions.js';
import { countLines, countTodos } from './measure.js';
import type { CachedProtection } from './protection-cache.js';
import type { TermBag } from '../repomap/term-bag.js';
import type { CachedWords } from './words-cache.js';

/**
 * What one file's text still needs after the caches were asked: plain data, so the same job runs
 * on this thread or in a worker (pool.ts) with the same result.
 */
export interface FileJob {
  /** The decoded bytes, before redaction. */
  raw: string;
  path: string;
  language: string;
  encoding: CachedDerived['encoding'];
  /** Run the secret scan and injection score; false when a cached verdict found no secret (the text is the raw one). */
  protect: boolean;
  /** Skip the derived data when the redaction digest comes out as this one (the cache holds it). */
  derivedCachedFor?: string;
  /** Count the search terms (a question ranks by them)… */
  words: boolean;
  /** …unless the text has no redaction and the cache holds its words. */
  wordsCachedIfClean?: boolean;
}

export interface FileWork {
  protection?: CachedProtection;
  derived?: CachedDerived;
  words?: CachedWords;
}

/** What judges and measures a text: the security services and the facts extractors. */
export interface FileTools {
  secrets: SecretScanner;
  injection: InjectionGuard;
  facts?: (text: string, language: string, path: string) => Promise<FileFacts> | FileFacts;
  words?: (text: string) => TermBag | undefined;
}

/** The verdict of text with nothing in it that could address a model. */
const NOT_ADDRESSED = { score: 0, verdict: 'benign' } as const;

/**
 * Which redactions a text had: the placeholder format is fixed by (rule, secret hash), so the
 * same raw bytes with the same redactions are the same redacted text, and everything derived
 * from it (tokens, lines, facts) can come from the cache. New rules or a baseline change the
 * digest and the file is measured again.
 */
function redactionDigest(findings: readonly SecretFinding[]): string {
  if (findings.length === 0) return '';
  return createHash('sha256')
    .update(findings.map((finding) => `${finding.start}:${finding.end}:${placeholder(finding)}`).join('\n'))
    .digest('hex')
    .slice(0, 16);
}

const masked = (finding: SecretFinding): MaskedSecret => ({ ruleId: finding.ruleId, severity: finding.severity, line: finding.line, preview: finding.preview });

/** What a job gave in full: a twin's work (workLikeTwin). */
export interface TwinWork {
  protection: CachedProtection;
  derived: CachedDerived;
  words?: CachedWords;
}

/** What a twin is found under: the bytes' hash and the file name (all of the path workLikeTwin's reuse may depend on). */
export const twinKeyOf = (hash: string, path: string): string => `${hash}\0${basename(path)}`;

/**
 * The work `job` asks for, taken from `twin`: what the same bytes under the same file name gave
 * earlier. Only the secret scan is redone, since its findings can depend on the whole path
 * (lockfiles, docs and test folders, the baseline); when it redacts the same spans, the text is
 * the twin's, and so are its injection score, its measures and its facts (which read of the path
 * only the file name: the language, whether it is a package.json). Undefined when it redacts
 * other spans: the job is then done in full.
 */
export function workLikeTwin(job: FileJob, twin: TwinWork, secrets: SecretScanner): FileWork | undefined {
  const findings = secrets.scanText(job.raw, { file: job.path });
  const redaction = redactionDigest(findings);
  if (redaction !== twin.protection.redaction) return undefined;
  return { protection: { ...twin.protection, secrets: findings.map(masked) }, derived: twin.derived, ...(twin.words === undefined ? {} : { words: twin.words }) };
}

/** Redacts, judges and measures one text as `job` asks; nothing of the text is returned. */
export async function workOn(job: FileJob, tools: FileTools): Promise<FileWork> {
  const work: FileWork = {};
  let text = job.raw;
  let redaction = '';
  if (job.protect) {
    const findings = tools.secrets.scanText(job.raw, { file: job.path });
    if (findings.length > 0) text = replaceFindings(job.raw, findings);
    // The report's verdict scores only where an instruction could hide (injection-regions.ts);
    // what Claude reads is fenced by the full guard in createReadProtected.
    const regions = injectionRegions(text);
    const { score, verdict } = regions === '' ? NOT_ADDRESSED : tools.injection.score(regions);
    redaction = redactionDigest(findings);
    work.protection = { secrets: findings.map(masked), redaction, score, verdict };
  }
  if (job.derivedCachedFor !== redaction) {
    const derived: CachedDerived = { encoding: job.encoding, lines: countLines(text), todos: countTodos(text), tokens: estimateTextTokens(text), redaction };
    if (tools.facts !== undefined) derived.facts = await tools.facts(text, job.language, job.path);
    work.derived = derived;
  }
  if (job.words && !(job.wordsCachedIfClean === true && redaction === '')) work.words = { words: tools.words?.(text) ?? null };
  return work;
}
