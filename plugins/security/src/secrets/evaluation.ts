/**
 * Measuring the scanner on labelled text (secrets-dev: secretlint and gitleaks fixtures). A
 * positive case counts as detected only when a finding overlaps one of its labelled spans: a
 * rule firing somewhere else in the text did not find the secret. Positives without spans
 * (gitleaks' strings, a few secretlint fixtures) cannot be checked that way, so they stay out
 * of precision and recall and are tallied apart, as "something was found in the text". A
 * negative case is a false alarm when anything is reported. Precision and recall are over
 * cases. On secrets-dev these are development figures: the rules were written against it.
 */
import type { SecretScanner } from '../types.js';

export interface LabelledCase {
  source: string;
  rule: string;
  label: string;
  text: string;
  spans?: [number, number][];
}

/**
 * secretlint fixtures that test the engine or non-credential policies, not credential formats:
 * they are out of scope for a secret scanner and left out of the `credentials` scope.
 */
export const OUT_OF_SCOPE_RULES: Readonly<Record<string, string>> = {
  'secretlint-rule-example': 'the demo rule that reports the word SECRET',
  'secretlint-rule-filter-comments': 'secretlint-disable comment directives over the demo rule',
  'secretlint-rule-pattern': 'user-configured patterns (e.g. any `password =` line, any file named .env)',
  'secretlint-rule-no-homedir': 'home-directory paths (privacy, not credentials)',
  'secretlint-rule-no-dotenv': 'a policy on file names',
  'source-creator': 'the source reader, not a rule',
};

export interface EvaluationOptions {
  /** `all`: every positive and negative case; `credentials` (default): without OUT_OF_SCOPE_RULES. */
  scope?: 'all' | 'credentials';
  /**
   * Drop texts that appear both as a positive and as a negative case (secretlint fixtures run
   * under different rule options; gitleaks strings true for one rule and false for another):
   * whatever a scanner reports on them, one of the two labels calls it wrong.
   */
  dropConflicts?: boolean;
}

export interface CaseOutcome {
  index: number;
  source: string;
  rule: string;
  findings: string[];
}

export interface Evaluation {
  /** Positive cases with labelled spans: the ones recall is over. */
  positives: number;
  negatives: number;
  truePositives: number;
  falseNegatives: number;
  falsePositives: number;
  trueNegatives: number;
  precision: number;
  recall: number;
  f1: number;
  /** Positive cases without spans, and how many of them had any finding at all (location unchecked). */
  unmarked: { positives: number; withFindings: number };
  /** Positive cases nothing overlapping their spans was found in. */
  misses: CaseOutcome[];
  /** Negative cases something was reported in (with the rule ids reported). */
  falseAlarms: CaseOutcome[];
}

/** Parses JSON Lines of labelled cases, skipping blank lines. */
export function parseCases(jsonl: string): LabelledCase[] {
  return jsonl
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as LabelledCase);
}

/** Scans every case in scope and scores the outcome. */
export function evaluate(scanner: SecretScanner, cases: readonly LabelledCase[], options: EvaluationOptions = {}): Evaluation {
  const scope = options.scope ?? 'credentials';
  const labelsByText = new Map<string, Set<string>>();
  for (const item of cases) labelsByText.set(item.text, (labelsByText.get(item.text) ?? new Set()).add(item.label));
  const result: Evaluation = {
    positives: 0,
    negatives: 0,
    truePositives: 0,
    falseNegatives: 0,
    falsePositives: 0,
    trueNegatives: 0,
    precision: 0,
    recall: 0,
    f1: 0,
    unmarked: { positives: 0, withFindings: 0 },
    misses: [],
    falseAlarms: [],
  };
  cases.forEach((item, index) => {
    if (item.label !== 'positive' && item.label !== 'negative') return;
    if (scope === 'credentials' && item.rule in OUT_OF_SCOPE_RULES) return;
    const labels = labelsByText.get(item.text);
    if (options.dropConflicts && labels?.has('positive') && labels.has('negative')) return;
    const findings = scanner.scanText(item.text);
    const outcome = (): CaseOutcome => ({ index, source: item.source, rule: item.rule, findings: findings.map((finding) => finding.ruleId) });
    const spans = item.spans ?? [];
    if (item.label === 'positive' && spans.length === 0) {
      result.unmarked.positives++;
      if (findings.length > 0) result.unmarked.withFindings++;
    } else if (item.label === 'positive') {
      result.positives++;
      if (findings.some((finding) => spans.some(([start, end]) => finding.start < end && finding.end > start))) result.truePositives++;
      else {
        result.falseNegatives++;
        result.misses.push(outcome());
      }
    } else {
      result.negatives++;
      if (findings.length > 0) {
        result.falsePositives++;
        result.falseAlarms.push(outcome());
      } else result.trueNegatives++;
    }
  });
  const reported = result.truePositives + result.falsePositives;
  result.precision = reported === 0 ? 1 : result.truePositives / reported;
  result.recall = result.positives === 0 ? 1 : result.truePositives / result.positives;
  result.f1 = result.precision + result.recall === 0 ? 0 : (2 * result.precision * result.recall) / (result.precision + result.recall);
  return result;
}
