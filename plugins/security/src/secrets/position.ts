/**
 * Turns character offsets into 1-based line and column numbers. Offsets must be asked for in
 * non-decreasing order; each call only counts the newlines since the previous one.
 */
export class LineCounter {
  private offset = 0;
  private line = 1;
  private lineStart = 0;

  constructor(private readonly text: string) {}

  locate(offset: number): { line: number; column: number } {
    if (offset < this.offset) {
      this.offset = 0;
      this.line = 1;
      this.lineStart = 0;
    }
    let next = this.text.indexOf('\n', this.offset);
    while (next !== -1 && next < offset) {
      this.line++;
      this.lineStart = next + 1;
      next = this.text.indexOf('\n', next + 1);
    }
    this.offset = offset;
    return { line: this.line, column: offset - this.lineStart + 1 };
  }
}
