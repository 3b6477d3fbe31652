import { Command } from '@oclif/core';
import { describe, expect, it } from 'vitest';
import { maxCostFlag } from '../src/flags.js';

class Spend extends Command {
  static override flags = { 'max-cost': maxCostFlag() };
  async run() {
    const { flags } = await this.parse(Spend);
    return flags['max-cost'];
  }
}

const root = new URL('..', import.meta.url).pathname;

describe('--max-cost', () => {
  it('parses dollars into a number', async () => {
    await expect(Spend.run(['--max-cost', '0.25'], root)).resolves.toBe(0.25);
    await expect(Spend.run([], root)).resolves.toBeUndefined();
  });

  it.each(['0', '-1', 'lots', 'NaN', '1e309', '', ' '])('refuses %j with what it expected and a hint', async (value) => {
    await expect(Spend.run(['--max-cost', value], root)).rejects.toMatchObject({
      code: 'USAGE',
      message: expect.stringContaining(`positive amount in USD, such as 0.50, not ${JSON.stringify(value)}`),
      hint: expect.stringContaining('--max-cost 0.50'),
    });
  });
});
