// The CLI's early answers alone (bin/early.js, as bin/run.js calls it), in a process of their own:
// what they print goes to stdout, and whether one answered to the file EARLY_PROBE_VERDICT names.
import { readFileSync, writeFileSync } from 'node:fs';

const cliRoot = new URL(process.argv[2]);
const { answerEarly } = await import(new URL('bin/early.js', cliRoot).href);
const pkg = JSON.parse(readFileSync(new URL('package.json', cliRoot), 'utf8'));
const answered = await answerEarly(process.argv.slice(3), pkg, cliRoot);
writeFileSync(process.env.EARLY_PROBE_VERDICT, answered ? 'answered' : 'declined');
