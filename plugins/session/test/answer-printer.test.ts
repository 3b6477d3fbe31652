import { describe, expect, it } from 'vitest';
import { AnswerPrinter } from '../src/conversation/answer-printer.js';

const output = (columns?: number) => {
  const written: string[] = [];
  return { written, out: { write: (text: string) => void written.push(text), columns } };
};

describe('AnswerPrinter', () => {
  it('off a terminal, holds the text until the call succeeded and drops an abandoned attempt', () => {
    const { written, out } = output();
    const printer = new AnswerPrinter(out);
    printer.add('FAKE ANSWER. Fil');
    expect(written).toEqual([]);
    printer.discard();
    printer.add('FAKE ANSWER. ');
    printer.add('Files.');
    printer.finish();
    expect(written.join('')).toBe('FAKE ANSWER. Files.\n');
  });

  it('off a terminal, prints nothing for an ask that failed', () => {
    const { written, out } = output();
    const printer = new AnswerPrinter(out);
    printer.add('half an answer');
    printer.discard();
    expect(written).toEqual([]);
  });

  it('on a terminal, streams, then erases every row the abandoned text took (wrapped ones too)', () => {
    const { written, out } = output(10);
    const printer = new AnswerPrinter(out);
    // "0123456789abcde" wraps to 2 rows at 10 columns, then one more line: 3 rows, cursor on the last.
    printer.add('0123456789abcde\nxy');
    expect(written).toEqual(['0123456789abcde\nxy']);
    printer.discard();
    expect(written.at(-1)).toBe('\r\u001b[2A\u001b[J');
    printer.add('ok');
    printer.finish();
    expect(written.slice(-2)).toEqual(['ok', '\n']);
  });

  it('on a terminal, a single short line is cleared in place, and nothing is written when nothing was shown', () => {
    const { written, out } = output(80);
    const printer = new AnswerPrinter(out);
    printer.discard();
    expect(written).toEqual([]);
    printer.add('partial');
    printer.discard();
    expect(written.at(-1)).toBe('\r\u001b[J');
    printer.finish();
    expect(written.at(-1)).toBe('\r\u001b[J');
  });
});
