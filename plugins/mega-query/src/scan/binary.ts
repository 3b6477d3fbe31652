import { isBinaryContent as hasNulByte } from '@loomkit/plugin-security';

/** Binary by name: the security plugin's list, so what the scanner skips and what it never reads agree. */
export { isBinaryPath } from '@loomkit/plugin-security';

/** How many leading bytes the content check looks at (the security plugin's NUL check looks at as many). */
const SNIFF_BYTES = 8192;
/** Above this share of control bytes the text is not text (tabs, newlines, form feeds and ESC excepted). */
const CONTROL_RATIO = 0.1;

/**
 * Binary by content: a NUL byte (git's and grep's test, the security plugin's) or, for
 * what Claude would read, many control bytes in the first 8 KiB.
 */
export function isBinaryContent(bytes: Uint8Array): boolean {
  if (hasNulByte(bytes)) return true;
  const end = Math.min(bytes.length, SNIFF_BYTES);
  let control = 0;
  for (let i = 0; i < end; i++) {
    const byte = bytes[i] as number;
    if ((byte < 0x20 && (byte < 0x09 || byte > 0x0d) && byte !== 0x1b) || byte === 0x7f) control++;
  }
  return end > 0 && control / end > CONTROL_RATIO;
}
