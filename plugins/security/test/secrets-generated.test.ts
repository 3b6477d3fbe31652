import { describe, expect, it } from 'vitest';
import { createSecretScanner } from '../src/secrets/index.js';
import { replaceFindings } from '../src/redaction/redactor.js';
import { generateLookalikes, generateSecrets } from '@loomkit/testkit';

const scanner = createSecretScanner();
const redact = (text: string, file: string) => replaceFindings(text, scanner.scanText(text, { file }));

describe('generated credentials in every file type', () => {
  const cases = generateSecrets();
  it.each(cases.map((c) => [`${c.family} in ${c.type} #${cases.indexOf(c)}`, c] as const))('%s is redacted in full', (_name, c) => {
    const sent = redact(c.text, c.file);
    for (const secret of c.secrets) expect(sent, c.text).not.toContain(secret);
  });
});

describe('look-alikes in every file type', () => {
  const cases = generateLookalikes();
  it.each(cases.map((c) => [`${c.family} in ${c.type} #${cases.indexOf(c)}`, c] as const))('%s reaches Claude unchanged', (_name, c) => {
    expect(redact(c.text, c.file), c.text).toBe(c.text);
  });
});
