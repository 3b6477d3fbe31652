import { Args, Flags, ux } from '@oclif/core';
import { CoreTokens, LoomError } from '@loomkit/kernel';
import { LoomCommand, renderTable } from '@loomkit/kernel/command';
import { secretScannerFrom } from '../../detectors.js';
import { readBaseline, writeBaseline } from '../../secrets/index.js';
import { toSarif } from '../../report/sarif.js';
import { collectTargets } from '../../scan/collect.js';
import { scanTargets, type ScanSummary } from '../../scan/scan-targets.js';
import { SEVERITIES, type Severity } from '../../types.js';
import { SecretsToken } from '../../tokens.js';
import { isAbsolute, join } from 'node:path';

/** The fingerprints of the baseline file the user named: one it cannot read is an error, never an empty baseline. */
function baselineFrom(file: string): string[] {
  try {
    return readBaseline(file);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new LoomError('SCAN_BASELINE_UNREADABLE', `cannot read the baseline ${file}: ${reason}`, { hint: 'check the path, or write one with `loom security scan --update-baseline --baseline <file>`' });
  }
}

export default class SecurityScan extends LoomCommand {
  static override summary = 'Scan files for leaked secrets (API keys, tokens, private keys, passwords).';
  static override description = `Scans what git tracks plus untracked files it does not ignore (or every file, outside git), skipping binaries. Findings show a masked preview, never the secret. Exits 1 when a finding is at or above --fail-on.

Silence a false alarm with a \`loom-ignore-secret\` comment on its line, or accept the current findings into the baseline with --update-baseline (commit that file).

Pre-commit hook (.git/hooks/pre-commit):  loom security scan --staged`;
  static override examples = [
    '<%= config.bin %> security scan',
    '<%= config.bin %> security scan src config --fail-on high',
    '<%= config.bin %> security scan --staged',
    '<%= config.bin %> security scan --format sarif > loom.sarif',
    '<%= config.bin %> security scan --update-baseline',
  ];
  static override enableJsonFlag = true;
  static override strict = false;
  static override args = { paths: Args.string({ description: 'Files or folders to scan (default: the current folder)' }) };
  static override flags = {
    staged: Flags.boolean({ description: 'Scan what git would commit (the index), not the work tree.' }),
    format: Flags.string({ description: 'Output format.', options: ['table', 'json', 'sarif'], default: 'table' }),
    baseline: Flags.string({ description: 'Baseline file of accepted fingerprints (default: security.baselineFile).' }),
    'update-baseline': Flags.boolean({ description: 'Write every current finding into the baseline (those it accepted before included), and exit 0.' }),
    'fail-on': Flags.string({ description: 'Lowest severity that fails the scan (default: security.failOn).', options: [...SEVERITIES] }),
  };

  async run(): Promise<ScanSummary> {
    const { argv, flags } = await this.parse(SecurityScan);
    const kernel = await this.kernel();
    const config = kernel.get(CoreTokens.Config);
    const paths = kernel.paths;
    // The plugin's scanner hides what the configured baseline accepted. Updating a baseline
    // scans with none (every current finding is written, so what it accepted before stays
    // accepted); --baseline F scans with F's fingerprints instead of the configured file's.
    const scannerWith = (baseline: string[]) => secretScannerFrom({ baseline, disabledRules: config.get('security.disabledRules') as string[] });
    const scanner = flags['update-baseline'] ? scannerWith([]) : flags.baseline === undefined ? kernel.get(SecretsToken) : scannerWith(baselineFrom(flags.baseline));
    const targets = await collectTargets({ root: paths.projectRoot, cwd: process.cwd(), paths: argv as string[], staged: flags.staged, git: kernel.get(CoreTokens.Git) });
    const showProgress = process.stderr.isTTY && targets.length > 200 && flags.format === 'table' && !this.jsonEnabled();
    if (showProgress) ux.action.start('scanning', `0/${targets.length} files`, { stdout: false });
    const summary = await scanTargets(scanner, targets, (done, total) => {
      if (showProgress && done % 100 === 0) ux.action.status = `${done}/${total} files`;
    });
    if (showProgress) ux.action.stop(`${summary.files} files`);

    if (flags['update-baseline']) {
      const configured = String(config.get('security.baselineFile'));
      const file = flags.baseline ?? (isAbsolute(configured) ? configured : join(paths.projectRoot, configured));
      writeBaseline(file, summary.findings);
      this.log(`baselined ${summary.findings.length} finding(s) in ${file}`);
      return summary;
    }

    const failOn = (flags['fail-on'] ?? String(config.get('security.failOn'))) as Severity;
    const failing = summary.findings.filter((finding) => SEVERITIES.indexOf(finding.severity) >= SEVERITIES.indexOf(failOn));
    if (flags.format === 'sarif') this.log(JSON.stringify(toSarif(summary.findings, scanner.rules, this.config.version), null, 2));
    else if (flags.format === 'json' && !this.jsonEnabled()) this.log(JSON.stringify(summary, null, 2));
    else this.printTable(summary);
    for (const { file, reason } of summary.unreadable) this.logToStderr(`warning: could not read ${file}: ${reason}`);
    if (summary.binary.length > 0 && flags.format === 'table' && !this.jsonEnabled()) this.logToStderr(`note: ${skippedNote(summary.binary)}`);
    if (failing.length > 0) process.exitCode = 1;
    return summary;
  }

  private printTable(summary: ScanSummary): void {
    if (summary.findings.length === 0) {
      this.log(`no secrets found in ${summary.files} file(s)`);
      return;
    }
    this.log(renderTable(['severity', 'rule', 'location', 'preview'], summary.findings.map((f) => [f.severity, f.ruleId, `${f.file ?? '-'}:${f.line}:${f.column}`, f.preview])));
    this.log(`\n${summary.findings.length} finding(s) in ${summary.files} file(s)`);
  }
}

/** `skipped 2 binary files: logo.png, blob.bin`, naming at most five. */
function skippedNote(files: readonly string[]): string {
  const named = files.slice(0, 5).join(', ');
  return `skipped ${files.length} binary file${files.length === 1 ? '' : 's'}: ${named}${files.length > 5 ? `, and ${files.length - 5} more` : ''}`;
}
