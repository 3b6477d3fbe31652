/**
 * Private key blocks, whole: from the `-----BEGIN … PRIVATE KEY-----` header through its END
 * line — whatever was pasted in between (a comment, a blank line, indentation, quotes) — or,
 * when the END line is missing (a truncated paste), through every following line that
 * looks like key material. A redaction that stops short of the last line leaks the rest.
 */
import type { Span } from './rule.js';

const HEADER = /-----BEGIN[ A-Z0-9_-]{0,40}PRIVATE KEY(?: BLOCK)?-----/g;
const FOOTER = /-----END[ A-Z0-9_-]{0,40}PRIVATE KEY(?: BLOCK)?-{2,5}/g;
/** Longest block followed to an END line: 16 KiB holds an 8192-bit RSA key with room to spare. */
const MAX_BLOCK = 16_384;
/**
 * One line of key material once its wrapping is peeled off: indentation, a comment or quote
 * opener, base64, and a closing quote, comma or `\n` escape. PEM headers (`Proc-Type:`) count.
 */
const MATERIAL = /^[ \t]*(?:#|\/\/|\*|"|'|`|\+|-)?[ \t]*"?(?:[A-Za-z0-9+/]{16,}={0,2}|[A-Za-z0-9+/]{1,}={1,2}|(?:Proc-Type|DEK-Info|Comment):[^\n]*)"?[ \t]*(?:\\n)?["'`]?[ \t]*[,;+]?[ \t]*$/;

/** Segments after `from`, split on real newlines and on literal `\n` escapes (keys inside JSON strings). */
function* segments(text: string, from: number): Generator<{ start: number; end: number }> {
  let position = from;
  while (position < text.length) {
    const newline = text.indexOf('\n', position);
    const escaped = text.indexOf('\\n', position);
    const lineEnd = newline === -1 ? text.length : newline;
    const end = escaped !== -1 && escaped < lineEnd ? escaped : lineEnd;
    yield { start: position, end };
    position = end + (end === escaped ? 2 : 1);
  }
}

export function* findPrivateKeyBlocks(text: string): Generator<Span> {
  for (const header of text.matchAll(HEADER)) {
    const start = header.index;
    const bodyStart = start + header[0].length;
    // Only the next MAX_BLOCK characters are searched, so a thousand headers stay linear.
    const window = text.slice(bodyStart, bodyStart + MAX_BLOCK + 64);
    FOOTER.lastIndex = 0;
    const footer = FOOTER.exec(window);
    const nextHeader = window.indexOf('-----BEGIN');
    if (footer && (nextHeader === -1 || nextHeader > footer.index)) {
      yield { start, end: bodyStart + footer.index + footer[0].length };
      continue;
    }
    // Truncated: the header, then key-looking lines; one blank line may separate PEM headers from the body.
    let end = bodyStart;
    let blank = 0;
    for (const segment of segments(text, bodyStart)) {
      const line = text.slice(segment.start, segment.end).replace(/\r$/, '');
      if (segment.start === bodyStart && line.trim() === '') continue;
      if (line.trim() === '' && blank++ === 0) continue;
      if (!MATERIAL.test(line)) break;
      blank = 0;
      end = segment.end;
    }
    if (end > bodyStart) yield { start, end };
  }
}
