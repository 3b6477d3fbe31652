import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCliRunner, createTempProject, type TempProject } from '@loomkit/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const bin = resolve(here, '../../../apps/cli/bin/run.js');
const cli = createCliRunner(bin);

// Three questions whose ranks follow from the files: the redirect question's gold is the only
// implementation naming redirect (its test shares every word, and ranks below by role); the
// cookie question's gold mentions cookies once while src/cookie.js is about signing them, so it
// is second; the third names a file that does not exist, so it is not ranked at all.
const FILES = {
  'src/redirect.js': "// Sets the Location header, then redirects.\nexports.redirect = function redirect(url) {\n  this.set('Location', url);\n};\n",
  'test/redirect.test.js': "// redirect sets the Location header\nit('redirect sets the location header', () => redirect('/'));\n",
  'src/cookie.js': '// A cookie is signed with the secret.\nexports.signCookie = function signCookie(value, secret) {\n  return value + secret;\n};\n',
  'src/session.js': '// Sessions are kept in a cookie.\nexports.load = function load() {};\n',
};
const QUESTIONS = [
  { q: 'how does redirect set the location header', gold: ['src/redirect.js'] },
  { q: 'how is a cookie signed', gold: ['src/session.js'] },
  { q: 'where are tokens refreshed', gold: ['src/nope.js'] },
];
const RANKS = [1, 2, null];

let project: TempProject;
let env: NodeJS.ProcessEnv;
// Outside the project, so the questions' own words are not among the files ranked.
let questions: string;
let bad: string;

beforeAll(async () => {
  if (!existsSync(resolve(here, '../dist/commands/query/eval.js')) || !existsSync(bin)) throw new Error('build first: pnpm build');
  project = await createTempProject({ files: FILES });
  const home = mkdtempSync(join(tmpdir(), 'loom-user-'));
  questions = join(home, 'questions.jsonl');
  bad = join(home, 'bad.jsonl');
  writeFileSync(questions, `${QUESTIONS.map((row) => JSON.stringify({ repo: 'x', ...row })).join('\n')}\n`);
  writeFileSync(bad, '{"q": "no gold"}\n');
  env = { HOME: home, LOOM_CONFIG_DIR: join(home, 'config'), LOOM_DATA_DIR: join(home, 'data'), LOOM_CACHE_DIR: join(home, 'cache'), ANTHROPIC_API_KEY: '' };
});

afterAll(() => project?.remove());

describe('loom query eval, through the built CLI', () => {
  it('prints each question\'s rank and recall@1, recall@5 and MRR', async () => {
    const json = await cli(['query', 'eval', questions, '--json'], { cwd: project.root, env });
    expect(json.code, json.stderr).toBe(0);
    const outcome = JSON.parse(json.stdout);
    expect(outcome.rows.map((row: { rank: number | null }) => row.rank)).toEqual(RANKS);
    const found = RANKS.filter((rank): rank is number => rank !== null);
    expect(outcome.recallAt1).toBeCloseTo(found.filter((rank) => rank === 1).length / RANKS.length, 12);
    expect(outcome.recallAt5).toBeCloseTo(found.filter((rank) => rank <= 5).length / RANKS.length, 12);
    expect(outcome.mrr).toBeCloseTo(found.reduce((sum, rank) => sum + 1 / rank, 0) / RANKS.length, 12);
    expect(outcome.missing).toEqual(['src/nope.js']);
    expect(outcome.rows[1].top[0]).toBe('src/cookie.js');

    const text = await cli(['query', 'eval', questions], { cwd: project.root, env });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^\s+1 {2}how does redirect set the location header$/m);
    expect(text.stdout).toMatch(/^\s+2 {2}how is a cookie signed\n\s+gold src\/session\.js; first src\/cookie\.js/m);
    expect(text.stdout).toMatch(/^\s+— {2}where are tokens refreshed$/m);
    expect(text.stdout).toContain('recall@1 0.33   recall@5 0.67   MRR 0.50   (3 questions)');
    expect(text.stderr).toContain('1 gold path(s) are not among the scanned files: src/nope.js');
  });

  it('says which line of the file is wrong, in one line with a hint', async () => {
    const refused = await cli(['query', 'eval', bad], { cwd: project.root, env });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/error\[MEGA_EVAL_FILE\]: .*bad\.jsonl:1: gold: /);
    expect(refused.stderr).toMatch(/hint: /);
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    const missing = await cli(['query', 'eval', 'nowhere.jsonl'], { cwd: project.root, env });
    expect(missing.stderr).toMatch(/error\[MEGA_EVAL_FILE\]: cannot read .*nowhere\.jsonl: ENOENT/);
  });
});
