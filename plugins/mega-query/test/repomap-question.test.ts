import { describe, expect, it } from 'vitest';
import { buildImportGraph } from '../src/repomap/import-graph.js';
import { phraseHits } from '../src/repomap/phrases.js';
import { QUESTION_WEIGHTS, rankFiles, rankWithPhrases } from '../src/repomap/rank.js';
import { roleOf, rolesAskedIn } from '../src/repomap/role.js';
import { termBag } from '../src/repomap/term-bag.js';
import { lexicalMatches } from '../src/repomap/question-signals.js';
import { questionConceptsOf, questionTermsOf, termsOf } from '../src/repomap/terms.js';
import type { ScannedFile } from '../src/types.js';
import { scannedFile, symbol } from './repomap-helpers.js';

/** A file whose text holds `words` (as the facts stage would count them) and declares `names`. */
function fileWith(path: string, text: string, names: string[] = []): ScannedFile {
  const file = scannedFile(path, { symbols: names.map((name) => symbol(name, `function ${name}()`)) });
  file.facts!.words = termBag(termsOf(text));
  return file;
}

const rank = (files: ScannedFile[], question: string) => rankFiles(files, buildImportGraph(files), new Map(), question);

describe('identifier splitting', () => {
  it('meets a question word in camelCase, acronyms, kebab-case and snake_case alike', () => {
    expect(termsOf('ETag')).toEqual(['etag', 'tag']);
    expect(termsOf('res.setCharset')).toEqual(['res', 'setcharset', 'set', 'charset']);
    expect(termsOf('X-Forwarded-Host')).toEqual(['forward', 'host']);
    expect(termsOf("'subdomain offset'")).toEqual(termsOf('subdomain_offset'));
    expect(termsOf('subdomainOffset')).toEqual(['subdomainoffset', 'subdomain', 'offset']);
    // The question's `etag` is the code's whole `ETag`.
    expect(termsOf('where is the etag header set')).toEqual(['etag', 'header', 'set']);
  });

  it('adds the short forms code writes for a question word', () => {
    const terms = questionTermsOf('English error messages for a request');
    for (const form of ['english', 'en', 'error', 'err', 'messag', 'msg', 'request', 'req']) expect(terms).toContain(form);
    expect(questionTermsOf('regular expressions')).toContain('regex');
  });
});

describe('coverage', () => {
  it('counts a word and its short form as one concept', () => {
    expect(questionConceptsOf('the request and its req')).toEqual([['request', 'req']]);
    // Holding `request` and `req` covers no more of the question than holding `request` alone.
    const both = fileWith('lib/both.js', 'request req');
    const one = fileWith('lib/one.js', 'request');
    const other = fileWith('lib/other.js', 'header');
    const matches = lexicalMatches([both, one, other], 'the request header');
    expect(matches.get('lib/both.js')!.signals.coverage).toBe(matches.get('lib/one.js')!.signals.coverage);
    expect(matches.get('lib/one.js')!.signals.coverage).toBeGreaterThan(0);
    expect(matches.get('lib/one.js')!.signals.coverage).toBeLessThan(1);
  });

  it('holds a word the file has only in its name, folders or symbols', () => {
    const locale = fileWith('src/locales/en.ts', 'invalid input error');
    const other = fileWith('src/other.ts', 'invalid input error');
    const matches = lexicalMatches([locale, other], 'where are the English error messages');
    expect(matches.get('src/locales/en.ts')!.signals.coverage).toBeGreaterThan(matches.get('src/other.ts')!.signals.coverage);
  });
});

describe('what a file matched', () => {
  it('names the question words in its folders and file name, folders first, and in its text', () => {
    const file = fileWith('yaml/lib/compose-doc.js', 'a document is composed here');
    const plain = fileWith('yaml/lib/util.js', 'nothing');
    const matches = lexicalMatches([file, plain], 'how does yaml compose a document');
    expect(matches.get('yaml/lib/compose-doc.js')!.path).toEqual(['yaml', 'compose']);
    expect(matches.get('yaml/lib/util.js')!.path).toEqual(['yaml']);
    expect(matches.get('yaml/lib/compose-doc.js')!.content).toEqual(['compose', 'document']);
  });

  it('scores files that share a folder or a name by their own symbols', () => {
    const parser = fileWith('src/index.ts', '', ['parseObject']);
    const other = fileWith('src/other/index.ts', '', ['render']);
    const matches = lexicalMatches([parser, other], 'where are objects parsed');
    expect(matches.get('src/index.ts')!.symbols).toEqual(['parseObject']);
    expect(matches.get('src/index.ts')!.signals.symbol).toBeGreaterThan(0);
    expect(matches.get('src/other/index.ts')!.symbols).toEqual([]);
    expect(matches.get('src/other/index.ts')!.signals.symbol).toBe(0);
  });
});

describe('entry files', () => {
  it('take their folder as their name, counted once', () => {
    const entry = fileWith('lib/router/index.js', 'layer');
    const sibling = fileWith('lib/router/layer.js', 'layer');
    const matches = lexicalMatches([entry, sibling], 'where is the router');
    expect(matches.get('lib/router/index.js')!.signals).toMatchObject({ name: 1, path: 0 });
    expect(matches.get('lib/router/layer.js')!.signals).toMatchObject({ name: 0, path: 1 });
  });
});

describe('roles', () => {
  it('tells implementation, tests, examples, docs and fixtures apart by path', () => {
    expect(roleOf('lib/response.js')).toBe('implementation');
    expect(roleOf('test/res.location.js')).toBe('test');
    expect(roleOf('src/router.spec.ts')).toBe('test');
    expect(roleOf('pylib/gyp/common_test.py')).toBe('test');
    expect(roleOf('examples/auth/index.js')).toBe('example');
    expect(roleOf('src/v3/benchmarks/union.ts')).toBe('example');
    expect(roleOf('History.md')).toBe('doc');
    expect(roleOf('CHANGELOG')).toBe('doc');
    expect(roleOf('docs/api/index.js')).toBe('doc');
    expect(roleOf('types/reply.d.ts')).toBe('doc');
    expect(roleOf('fastify.d.mts')).toBe('doc');
    expect(roleOf('pylib/gyp/input.pyi')).toBe('doc');
    expect(roleOf('src/standard-schema.ts')).toBe('implementation');
    expect(roleOf('test/fixtures/name.txt')).toBe('fixture');
    expect(roleOf('examples/ejs/views/header.ejs')).toBe('fixture');
    // Hidden files and folders configure tools, whatever their names say; a doc stays a doc.
    expect(roleOf('.github/workflows/ci.yml')).toBe('config');
    expect(roleOf('.github/workflows/test.yml')).toBe('config');
    expect(roleOf('.eslintrc.yml')).toBe('config');
    expect(roleOf('.github/CONTRIBUTING.md')).toBe('doc');
    expect(roleOf('test/fixtures/.name')).toBe('fixture');
  });

  it('hears a question ask for tests, examples or docs by name', () => {
    expect([...rolesAskedIn('tests for res.redirect')]).toEqual(['test']);
    expect([...rolesAskedIn('an example of content negotiation')]).toEqual(['example']);
    expect([...rolesAskedIn('documentation of the input format')]).toEqual(['doc']);
    expect([...rolesAskedIn('which CI workflow runs the linter')]).toEqual(['config']);
    expect(rolesAskedIn('how does redirect build the Location header').size).toBe(0);
    // `latest` holds `test` but is not the word.
    expect(rolesAskedIn('the latest version').size).toBe(0);
  });
});

describe('the role prior', () => {
  // The same text and name in every role: only the prior can order them.
  const text = 'redirect sets the Location header';
  const files = ['lib/a.js', 'test/a.js', 'examples/a.js', 'docs/a.md', 'test/fixtures/a.txt'].map((path) => fileWith(path, text, ['redirect']));

  it('puts the implementation first, then tests, examples, docs and fixtures', () => {
    const order = rank(files, 'how does redirect set the location header').map((file) => file.path);
    expect(order).toEqual(['lib/a.js', 'test/a.js', 'examples/a.js', 'docs/a.md', 'test/fixtures/a.txt']);
    const { role } = QUESTION_WEIGHTS;
    // The weights keep that order for any question that asks for none of them.
    expect(role.test).toBeGreaterThan(role.example);
    expect(role.example).toBeGreaterThan(role.doc);
    expect(role.doc).toBeGreaterThan(role.fixture);
  });

  it('turns round for the role a question asks for', () => {
    expect(rank(files, 'tests for redirect and the location header')[0]!.path).toBe('test/a.js');
    expect(rank(files, 'example of a redirect to the location header')[0]!.path).toBe('examples/a.js');
    expect(rank(files, 'docs on redirect and the location header')[0]!.path).toBe('docs/a.md');
  });

  describe('a test named after the feature, whose titles restate the question', () => {
    // The test matches the question's words better than the code does (its name, its prose
    // titles, every word); only what the roles are for can put the code first.
    const code = fileWith(
      'lib/server.js',
      'function close(done) { this.closing = true; server.close(done) }\nfunction onRequest(req, res) { if (this.closing) { res.statusCode = 503; res.end() } }',
      ['close', 'onRequest'],
    );
    const test = fileWith(
      'test/server-close.test.js',
      "test('the server answers 503 while it is closing', ...)\ntest('closing the server answers 503 to new requests', ...)\ntest('close waits for the server', ...)",
    );
    const other = fileWith('lib/router.js', 'function route(req, res) { res.statusCode = 404 }', ['route']);
    const files = [test, other, code];

    it('puts the code first for "how does it work"', () => {
      const order = rank(files, 'how does the server answer 503 while it is closing').map((file) => file.path);
      expect(order.slice(0, 2)).toEqual(['lib/server.js', 'test/server-close.test.js']);
      // A fixed deduction for tests alone would not: the test's words outweigh it.
      const deductionOnly = { ...QUESTION_WEIGHTS, share: { implementation: 1, test: 1, example: 1, doc: 1, fixture: 1, config: 1 } };
      expect(rankFiles(files, buildImportGraph(files), new Map(), 'how does the server answer 503 while it is closing', deductionOnly)[0]!.path).toBe('test/server-close.test.js');
    });

    it('puts the test first for "which test covers it"', () => {
      expect(rank(files, 'which test covers the server answering 503 while closing')[0]!.path).toBe('test/server-close.test.js');
      expect(rank(files, 'tests for closing the server')[0]!.path).toBe('test/server-close.test.js');
    });
  });

  it('keeps a CI workflow full of the question\'s everyday words below the code, unless asked for', () => {
    const code = fileWith('lib/profile.js', '// The user name is read from the profile file.\nfunction loadProfile(path) { return fs.readFileSync(path) }', ['loadProfile']);
    const workflow = fileWith('.github/workflows/ci.yml', 'name: ci\npermissions: contents: read\njobs: test: name: test file read name file read name user');
    const files = [workflow, code];
    expect(rank(files, 'how is the user name read from a file')[0]!.path).toBe('lib/profile.js');
    // Not by its score alone: scaled as code, the workflow's words win.
    const asCode = { ...QUESTION_WEIGHTS, role: { ...QUESTION_WEIGHTS.role, config: 0 }, share: { ...QUESTION_WEIGHTS.share, config: 1 } };
    expect(rankFiles(files, buildImportGraph(files), new Map(), 'how is the user name read from a file', asCode)[0]!.path).toBe('.github/workflows/ci.yml');
    expect(rank(files, 'which CI workflow reads the user name file')[0]!.path).toBe('.github/workflows/ci.yml');
  });

  it('does not let a template or fixture sharing one word beat the code', () => {
    const code = fileWith('lib/response.js', 'res.set("ETag", etag(body)); function send(body) { return body }', ['send']);
    const template = fileWith('examples/views/header.ejs', 'etag etag etag');
    expect(rank([template, code], 'where is the ETag header set')[0]!.path).toBe('lib/response.js');
  });
});

describe('phrases and setting strings', () => {
  it('finds the question\'s quoted settings and adjacent words in a text', () => {
    const text = "this.set('subdomain offset', 2);\nthis.enable('x-powered-by');\nconst fn = 'number';\nreturn subdomainOffset;";
    const hits = phraseHits(text, 'how are subdomains computed with the subdomain offset');
    expect(hits.settings).toEqual(['subdomain offset']);
    expect(hits.pairs).toContain('subdomain offset');
    // Shown as the question spells it, not as stems.
    expect(phraseHits('function parseResponses() {}', 'where do we parse responses').pairs).toEqual(['parse responses']);
    expect(phraseHits(text, 'where is the x-powered-by header added').settings).toEqual(['x-powered-by']);
    // A compound beside its own parts is no phrase; a compound whose parts are too short stands for itself.
    expect(phraseHits('const ETag = etag;', 'where is the ETag').pairs).toEqual([]);
    expect(phraseHits('the v3 error class', 'where is the v3 error class').pairs).toEqual(['v3 error', 'error class']);
    // One bare word is no setting, nor is a one-word flag.
    expect(phraseHits(text, 'how is a number parsed').settings).toEqual([]);
    expect(phraseHits('argv.includes("--union")', 'benchmark of unions').settings).toEqual([]);
  });

  it('lifts the file holding the phrase above one holding the words apart', async () => {
    const together = fileWith('lib/together.js', 'the location header is built here');
    const apart = fileWith('lib/apart.js', 'header of the page; location of the file');
    const texts = new Map([
      ['lib/together.js', 'the location header is built here'],
      ['lib/apart.js', 'header of the page; location of the file'],
    ]);
    const question = 'how is the location header built';
    const ranked = await rankWithPhrases(rank([apart, together], question), question, async (path) => texts.get(path));
    expect(ranked[0]).toMatchObject({ path: 'lib/together.js', why: { phrases: expect.arrayContaining(['location header']) } });
    expect(ranked[0]!.why!.signals.phrase).toBeGreaterThan(ranked[1]!.why!.signals.phrase);
  });
});
