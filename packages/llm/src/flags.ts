import { LoomError } from '@loomkit/kernel';
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
    // Number('') and Number(' ') are 0, Number('1e309') is Infinity: all refused with the rest.
    const usd = Number(input);
    if (!Number.isFinite(usd) || usd <= 0) {
      throw new LoomError('USAGE', `--max-cost takes a positive amount in USD, such as 0.50, not ${JSON.stringify(input)}`, {
        hint: 'write it as --max-cost 0.50, or leave it out for no limit',
      });
    }
    return usd;
  },
});
