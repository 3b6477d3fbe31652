/** What an offline `query mega` gives instead of Claude's findings (its note says so). */
export const MEGA_OFFLINE = 'this is the static report and the plan of an online run';

/** Why nothing goes to Claude, saying what the user got instead; undefined when calls may be made. */
export const offlineReason = (dryRun: boolean | undefined, keySet: boolean, instead: string): string | undefined =>
  dryRun ? `--dry-run: nothing was sent to Claude; ${instead}` : keySet ? undefined : `no ANTHROPIC_API_KEY: ${instead}`;
