/**
 * What `defaultExcludes` skips, in gitignore syntax: files that cost tokens and tell Claude
 * nothing it could not learn from the sources next to them. `include` patterns win over these.
 */

/** Dependency lockfiles: long, machine-written, and restating the manifest. */
const LOCKFILES = [
  'package-lock.json',
  'npm-shrinkwrap.json',
  'pnpm-lock.yaml',
  'yarn.lock',
  'bun.lock',
  'bun.lockb',
  'deno.lock',
  'Cargo.lock',
  'poetry.lock',
  'Pipfile.lock',
  'pdm.lock',
  'uv.lock',
  'go.sum',
  'composer.lock',
  'Gemfile.lock',
  'mix.lock',
  'pubspec.lock',
  'Podfile.lock',
  'packages.lock.json',
  'flake.lock',
];

/** Minified, bundled and generated output: derived from sources that are scanned anyway. */
const GENERATED = [
  '*.min.js',
  '*.min.mjs',
  '*.min.css',
  '*.map',
  '*.bundle.js',
  '*.chunk.js',
  '*.generated.*',
  'zz_generated.*',
  '*_pb2.py',
  '*_pb2_grpc.py',
  '*.pb.go',
  '*.pb.cc',
  '*.pb.h',
  '*.tsbuildinfo',
  'dist/',
  'build/',
  'out/',
  'coverage/',
  '.next/',
  '.nuxt/',
  '.svelte-kit/',
  '.turbo/',
  '.parcel-cache/',
];

/** Vendored dependencies, tool state and virtual environments. */
const VENDORED = [
  'node_modules/',
  'bower_components/',
  'jspm_packages/',
  'vendor/',
  'third_party/',
  'third-party/',
  '.venv/',
  'venv/',
  '__pycache__/',
  '.tox/',
  '.mypy_cache/',
  '.pytest_cache/',
  '.ruff_cache/',
  '.gradle/',
  '.git/',
  '.hg/',
  '.svn/',
  '.loom/',
  '.idea/',
  '.DS_Store',
];

export const DEFAULT_EXCLUDES: readonly string[] = [...LOCKFILES, ...GENERATED, ...VENDORED];
