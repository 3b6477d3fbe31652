/**
 * What a file is for, from its path: the implementation answers "how does X work", tests,
 * examples, docs, fixtures and the tools' configuration mostly mention X. A question that asks
 * for one of the others (`tests for the router`, `example of sessions`, `the CI workflow`)
 * turns the order round for it.
 */
import type { FileRole } from '../types.js';

export type { FileRole };

const FIXTURE_DIRS = new Set(['fixtures', 'fixture', '__fixtures__', 'testdata', '__snapshots__', '__mocks__', 'mocks']);
const TEST_DIRS = new Set(['test', 'tests', '__tests__', 'spec', 'specs', 'e2e', 'testing']);
const EXAMPLE_DIRS = new Set(['example', 'examples', 'demo', 'demos', 'sample', 'samples', 'benchmark', 'benchmarks', 'bench', 'playground']);
const DOC_DIRS = new Set(['doc', 'docs', 'documentation', 'guide', 'guides', 'website']);
const TEST_NAME = /(?:^test_.*\.py$|_test\.\w+$|[.-](?:test|spec)\.\w+$|^(?:test|tests|conftest)\.\w+$)/i;
const DOC_NAME = /^(?:readme|changelog|changes|history|news|contributing|authors|license|licence|copying|security|code_of_conduct|notice)(?:\.|$)/i;
const DOC_EXTENSION = /\.(?:md|mdx|markdown|rst|adoc|txt)$/i;
// Type declarations beside an implementation (`index.d.ts`, `types/reply.d.ts`, Python stubs)
// describe its API as docs do; they declare, they do not do.
const DECLARATION_EXTENSION = /\.(?:d\.[cm]?ts|pyi)$/i;
// Templates, markup and styles are what code renders or serves, not what it does.
const ASSET_EXTENSION = /\.(?:ejs|hbs|handlebars|mustache|pug|jade|njk|tmpl|tpl|html?|css|scss|less|svg|xml|csv|snap)$/i;

// Hidden files and folders configure the tools around the code (CI workflows, lint and editor
// settings): their `name:`, `read`, `run` keys share everyday words with any question.
const HIDDEN = /^\.[^.]/;

/** The role of a file by its path: the nearest telling folder, else its name and extension. */
export function roleOf(path: string): FileRole {
  const segments = path.toLowerCase().split('/');
  const name = segments.pop() ?? '';
  if (segments.some((segment) => FIXTURE_DIRS.has(segment))) return 'fixture';
  if (ASSET_EXTENSION.test(name)) return 'fixture';
  if (DOC_NAME.test(name) || DOC_EXTENSION.test(name) || DECLARATION_EXTENSION.test(name)) return 'doc';
  if (HIDDEN.test(name) || segments.some((segment) => HIDDEN.test(segment))) return 'config';
  if (TEST_NAME.test(name) || segments.some((segment) => TEST_DIRS.has(segment))) return 'test';
  if (segments.some((segment) => EXAMPLE_DIRS.has(segment))) return 'example';
  if (segments.some((segment) => DOC_DIRS.has(segment))) return 'doc';
  return 'implementation';
}

const ASKING: Array<[RegExp, FileRole]> = [
  [/\b(?:tests?|tested|testing|specs?|unit tests?)\b/i, 'test'],
  [/\b(?:examples?|demos?|samples?|benchmarks?|bench)\b/i, 'example'],
  [/\b(?:docs?|documentation|documented|readme|changelog|guide)\b/i, 'doc'],
  [/\b(?:fixtures?|snapshots?)\b/i, 'fixture'],
  [/\b(?:ci|workflows?|github actions|lint(?:er|ing)?|eslint|prettier|editorconfig|dependabot)\b/i, 'config'],
];

/** The roles a question asks for by name (`tests for…`, `example of…`); empty for most questions. */
export function rolesAskedIn(question: string): Set<FileRole> {
  return new Set(ASKING.filter(([pattern]) => pattern.test(question)).map(([, role]) => role));
}
