import type { RuleInfo, SecretFinding, Severity } from '../types.js';

const LEVEL: Record<Severity, 'note' | 'warning' | 'error'> = { low: 'note', medium: 'warning', high: 'error', critical: 'error' };

/**
 * SARIF 2.1.0, as GitHub code scanning reads it: rules in the driver, one result per
 * finding with a file:line region and a stable partial fingerprint (no secret inside).
 */
export function toSarif(findings: readonly SecretFinding[], rules: readonly RuleInfo[], version: string) {
  const used = rules.filter((rule) => findings.some((finding) => finding.ruleId === rule.id));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'loom-security',
            informationUri: 'https://www.npmjs.com/package/@loomkit/plugin-security',
            version,
            rules: used.map((rule) => ({
              id: rule.id,
              name: rule.id.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase()),
              shortDescription: { text: rule.description },
              defaultConfiguration: { level: LEVEL[rule.severity] },
              properties: { tags: ['security', 'secret'], 'security-severity': { low: '3.0', medium: '5.5', high: '8.0', critical: '9.5' }[rule.severity] },
            })),
          },
        },
        results: findings.map((finding) => ({
          ruleId: finding.ruleId,
          ruleIndex: used.findIndex((rule) => rule.id === finding.ruleId),
          level: LEVEL[finding.severity],
          message: { text: `${finding.description}: ${finding.preview}` },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: (finding.file ?? 'stdin').split('\\').join('/'), uriBaseId: '%SRCROOT%' },
                region: { startLine: finding.line, startColumn: finding.column, endColumn: finding.column + (finding.end - finding.start) },
              },
            },
          ],
          partialFingerprints: { 'loomSecret/v1': finding.fingerprint },
        })),
      },
    ],
  };
}
