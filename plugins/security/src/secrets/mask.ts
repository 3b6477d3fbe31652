const ELLIPSIS = '…';
const PEM_HEADER = /^-----BEGIN ([A-Z0-9 ]{0,60})-----/;

/**
 * A preview of a secret that never shows the whole of it: at most a quarter of its characters and
 * never more than four at each end (`ghp_…a1b2`). Short secrets show less, or nothing but a length.
 * A PEM block shows only its header line, which holds no key material.
 */
export function maskSecret(secret: string): string {
  const pem = PEM_HEADER.exec(secret);
  if (pem) return `-----BEGIN ${pem[1] ?? ''}-----${ELLIPSIS}`;
  const flat = secret.replace(/\s+/g, ' ');
  const reveal = Math.min(8, Math.floor(flat.length / 4));
  if (reveal < 2) return `${ELLIPSIS}(${flat.length})`;
  const head = Math.ceil(reveal / 2);
  const tail = reveal - head;
  return `${flat.slice(0, head)}${ELLIPSIS}${tail > 0 ? flat.slice(flat.length - tail) : ''}`;
}
