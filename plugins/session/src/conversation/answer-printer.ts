import stringWidth from 'string-width';

export interface AnswerOutput {
  write(text: string): void;
  /** Set for a terminal: the answer streams live and a restart erases what it showed. */
  columns?: number;
}

/**
 * Prints a streamed answer so that the text of an abandoned attempt never stays on screen
 * next to the retry's, and a failed ask leaves no half answer. On a terminal the text streams
 * as it comes and is erased (cursor up, clear down) on a restart or failure. Anywhere else
 * (a pipe, a file) nothing can be taken back, so the text is held until the call succeeded.
 */
export class AnswerPrinter {
  private text = '';

  constructor(private readonly out: AnswerOutput) {}

  add(text: string): void {
    this.text += text;
    if (this.out.columns) this.out.write(text);
  }

  /** The attempt was abandoned: forget (and on a terminal, erase) its text. */
  discard(): void {
    if (this.out.columns && this.text) this.erase(this.out.columns);
    this.text = '';
  }

  /** The call succeeded: the answer is final, ended by a newline. */
  finish(): void {
    if (!this.out.columns) this.out.write(this.text);
    if (this.text && !this.text.endsWith('\n')) this.out.write('\n');
    this.text = '';
  }

  /** Back to the column 0 of the row the answer began on (wrapped lines count), then clear down. */
  private erase(columns: number): void {
    const rows = this.text.split('\n').reduce((sum, line) => sum + Math.max(1, Math.ceil(stringWidth(line) / columns)), 0);
    this.out.write(`\r${rows > 1 ? `\u001b[${rows - 1}A` : ''}\u001b[J`);
  }
}
