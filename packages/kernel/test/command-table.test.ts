import { describe, expect, it } from 'vitest';
import { renderTable } from '../src/command/table.js';

describe('renderTable', () => {
  it('aligns columns two spaces apart, without borders or colours', () => {
    const table = renderTable(['NAME', 'STATE'], [
      ['session', 'ready'],
      ['llm', 'failed: no key'],
    ]);
    expect(table.split('\n')).toEqual([
      'NAME     STATE         ',
      'session  ready         ',
      'llm      failed: no key',
    ]);
  });

  it('adds no padding inside cells', () => {
    expect(renderTable(['A', 'B'], [['x', 'y']])).toBe('A  B\nx  y');
  });

  it('prints the head alone when there are no rows', () => {
    expect(renderTable(['PLUGIN', 'VERSION'], [])).toBe('PLUGIN  VERSION');
  });
});
