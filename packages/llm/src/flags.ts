import { Flags } from '@oclif/core';

/**
 * `--max-cost <usd>` for any command that calls Claude: pass the value as
 * `CallOptions.maxCostUsd`; the budget stage then refuses a call that could take the
 * command past it, saying how much is left.
 */
export const maxCostFlag = Flags.custom<number>({
  description: 'Most this command may spend on Claude, in USD (e.g. 0.50); calls that could exceed it are refused.',
  helpValue: 'usd',
  parse: async (input) => {
    const usd = Number(input);
    if (!Number.isFinite(usd) || usd <= 0) throw new Error(`Expected --max-cost to be a positive amount in USD, such as 0.50, not "${input}"`);
    return usd;
  },
});
