import { describe, expect, it } from 'vitest';
import { extractFacts, MAX_FACTS_CHARS } from '../src/repomap/facts.js';
import { bagCount, bagLength } from '../src/repomap/term-bag.js';
import type { FileFacts, SymbolInfo } from '../src/types.js';
import { lastLineOf, lineOf } from './repomap-helpers.js';

function symbolNamed(facts: FileFacts, name: string, parent?: string, kind?: SymbolInfo['kind']): SymbolInfo {
  const found = facts.symbols.filter((symbol) => symbol.name === name && symbol.parent === parent && (kind === undefined || symbol.kind === kind));
  expect(found, `one symbol ${parent ? `${parent}.` : ''}${name}`).toHaveLength(1);
  return found[0]!;
}

/** Kind, exported flag and line span of a symbol, the span found by searching the source: `to` ends on its last line. */
function expectSymbol(facts: FileFacts, source: string, expected: { name: string; parent?: string; kind: SymbolInfo['kind']; exported: boolean; from: string; to?: string }): SymbolInfo {
  const found = symbolNamed(facts, expected.name, expected.parent, expected.kind);
  expect(found.exported).toBe(expected.exported);
  expect(found.startLine).toBe(lineOf(source, expected.from));
  expect(found.endLine).toBe(expected.to === undefined ? found.startLine : lastLineOf(source, expected.to));
  return found;
}

describe('extractFacts: TypeScript', () => {
  const source = [
    "import { readFile } from 'node:fs/promises';",
    "import type { Config } from './config.js';",
    "export * from './public-api.js';",
    "export { helper } from '../shared/helper';",
    '',
    'const DEFAULT_PORT = 8080;',
    '',
    'export interface ServerOptions {',
    '  port: number;',
    '}',
    '',
    "export type Handler = (request: Request) => Promise<Response>;",
    '',
    'export enum Status {',
    '  Up,',
    '  Down,',
    '}',
    '',
    'export class HttpServer extends Base {',
    '  private readonly routes = new Map<string, Handler>();',
    '',
    '  constructor(private readonly options: ServerOptions) {',
    '    super();',
    '  }',
    '',
    '  async listen(port: number = DEFAULT_PORT): Promise<void> {',
    "    const { plugins } = await import('./plugins/index.js');",
    '    plugins.start();',
    '  }',
    '',
    '  private route(path: string): Handler | undefined {',
    '    return this.routes.get(path);',
    '  }',
    '}',
    '',
    'export async function startServer(',
    '  options: ServerOptions,',
    '): Promise<HttpServer> {',
    '  return new HttpServer(options);',
    '}',
    '',
    'function internalHelper(): void {}',
    '',
    'export const createServer = (options: ServerOptions): HttpServer => new HttpServer(options);',
    '',
  ].join('\n');

  it('finds each declaration with its kind, export and lines', async () => {
    const facts = await extractFacts(source, 'typescript');
    expectSymbol(facts, source, { name: 'DEFAULT_PORT', kind: 'constant', exported: false, from: 'const DEFAULT_PORT' });
    expectSymbol(facts, source, { name: 'ServerOptions', kind: 'interface', exported: true, from: 'export interface ServerOptions', to: '  port: number;\n}' });
    expectSymbol(facts, source, { name: 'Handler', kind: 'type', exported: true, from: 'export type Handler' });
    expectSymbol(facts, source, { name: 'Status', kind: 'enum', exported: true, from: 'export enum Status', to: '  Down,\n}' });
    expectSymbol(facts, source, { name: 'HttpServer', kind: 'class', exported: true, from: 'export class HttpServer', to: 'this.routes.get(path);\n  }\n}' });
    expectSymbol(facts, source, { name: 'constructor', parent: 'HttpServer', kind: 'method', exported: true, from: 'constructor(', to: 'super();\n  }' });
    expectSymbol(facts, source, { name: 'listen', parent: 'HttpServer', kind: 'method', exported: true, from: 'async listen', to: '    plugins.start();\n  }' });
    expectSymbol(facts, source, { name: 'route', parent: 'HttpServer', kind: 'method', exported: false, from: 'private route', to: 'this.routes.get(path);\n  }' });
    expectSymbol(facts, source, { name: 'startServer', kind: 'function', exported: true, from: 'export async function startServer', to: '  return new HttpServer(options);\n}' });
    expectSymbol(facts, source, { name: 'internalHelper', kind: 'function', exported: false, from: 'function internalHelper' });
    expectSymbol(facts, source, { name: 'createServer', kind: 'function', exported: true, from: 'export const createServer' });
  });

  it('gives one-line heads without bodies', async () => {
    const facts = await extractFacts(source, 'typescript');
    expect(symbolNamed(facts, 'startServer').signature).toBe('export async function startServer( options: ServerOptions, ): Promise<HttpServer>');
    expect(symbolNamed(facts, 'HttpServer').signature).toBe('export class HttpServer extends Base');
    expect(symbolNamed(facts, 'listen', 'HttpServer').signature).toBe('async listen(port: number = DEFAULT_PORT): Promise<void>');
    expect(symbolNamed(facts, 'Handler').signature).toBe('export type Handler = (request: Request) => Promise<Response>');
    expect(symbolNamed(facts, 'DEFAULT_PORT').signature).toBe('const DEFAULT_PORT = 8080');
    for (const symbol of facts.symbols) expect(symbol.signature).not.toContain('\n');
  });

  it('lists import, re-export and dynamic import specifiers as written', async () => {
    const facts = await extractFacts(source, 'typescript');
    expect(facts.imports).toEqual(['node:fs/promises', './config.js', './public-api.js', '../shared/helper', './plugins/index.js']);
  });

  it('marks names exported by a later export clause', async () => {
    const later = ['function parse(text: string) {}', 'class Lexer { next() {} }', 'function hidden() {}', 'export { parse, Lexer as Tokenizer };', ''].join('\n');
    const facts = await extractFacts(later, 'typescript');
    expect(symbolNamed(facts, 'parse').exported).toBe(true);
    expect(symbolNamed(facts, 'Lexer').exported).toBe(true);
    expect(symbolNamed(facts, 'next', 'Lexer').exported).toBe(true);
    expect(symbolNamed(facts, 'hidden').exported).toBe(false);
  });

  it('reads ambient declarations, namespaces, default exports and multi-line constants', async () => {
    const other = [
      "import fs = require('fs');",
      "declare module 'virtual:config' {",
      '  export const value: string;',
      '}',
      'declare function legacy(input: string): void;',
      'namespace Internal {',
      '  export const x = 1;',
      '}',
      'export const ROUTES = {',
      "  home: '/',",
      '};',
      'const local = 1;',
      'export default local;',
      'export default function () {}',
      '',
    ].join('\n');
    const facts = await extractFacts(other, 'typescript');
    expect(facts.imports).toEqual(['fs']);
    expectSymbol(facts, other, { name: 'virtual:config', kind: 'module', exported: false, from: "declare module 'virtual:config'", to: 'value: string;\n}' });
    expectSymbol(facts, other, { name: 'legacy', kind: 'function', exported: false, from: 'declare function legacy' });
    expectSymbol(facts, other, { name: 'Internal', kind: 'module', exported: false, from: 'namespace Internal', to: 'export const x = 1;\n}' });
    const routes = expectSymbol(facts, other, { name: 'ROUTES', kind: 'constant', exported: true, from: 'export const ROUTES', to: "home: '/',\n};" });
    expect(routes.signature).toBe('export const ROUTES');
    expectSymbol(facts, other, { name: 'local', kind: 'constant', exported: true, from: 'const local' });
    expectSymbol(facts, other, { name: 'default', kind: 'function', exported: true, from: 'export default function' });
  });

  it('caps a very long head at about 200 characters', async () => {
    const parameters = Array.from({ length: 40 }, (_, i) => `parameter${i}: string`).join(', ');
    const facts = await extractFacts(`export function wide(${parameters}): void {}\n`, 'typescript');
    const { signature } = symbolNamed(facts, 'wide');
    expect(signature.length).toBeLessThanOrEqual(200);
    expect(signature.startsWith('export function wide(parameter0: string')).toBe(true);
  });
});

describe('extractFacts: TSX and JavaScript', () => {
  it('reads components in TSX', async () => {
    const source = [
      "import React from 'react';",
      "import { Button } from './button';",
      '',
      'export function Toolbar({ title }: { title: string }) {',
      '  return <div className="toolbar"><Button label={title} /></div>;',
      '}',
      '',
      'const Hidden = () => <span />;',
      '',
    ].join('\n');
    const facts = await extractFacts(source, 'tsx');
    expectSymbol(facts, source, { name: 'Toolbar', kind: 'function', exported: true, from: 'export function Toolbar', to: '</div>;\n}' });
    expectSymbol(facts, source, { name: 'Hidden', kind: 'function', exported: false, from: 'const Hidden' });
    expect(facts.imports).toEqual(['react', './button']);
  });

  it('reads CommonJS: require, module.exports and exports.x', async () => {
    const source = [
      "'use strict';",
      "const path = require('path');",
      "const { load } = require('./loader');",
      '',
      'function resolveConfig(dir) {',
      "  return path.join(dir, 'config.json');",
      '}',
      '',
      'class Cache {',
      '  get(key) { return key; }',
      '}',
      '',
      'function privateThing() {}',
      '',
      'exports.clear = function clear() {};',
      'module.exports = { resolveConfig, Cache };',
      "import('./lazy.mjs');",
      '',
    ].join('\n');
    const facts = await extractFacts(source, 'javascript');
    expectSymbol(facts, source, { name: 'resolveConfig', kind: 'function', exported: true, from: 'function resolveConfig', to: "'config.json');\n}" });
    expectSymbol(facts, source, { name: 'Cache', kind: 'class', exported: true, from: 'class Cache', to: 'get(key) { return key; }\n}' });
    expectSymbol(facts, source, { name: 'get', parent: 'Cache', kind: 'method', exported: true, from: 'get(key)' });
    expectSymbol(facts, source, { name: 'privateThing', kind: 'function', exported: false, from: 'function privateThing' });
    expectSymbol(facts, source, { name: 'clear', kind: 'function', exported: true, from: 'exports.clear' });
    expect(facts.imports).toEqual(['path', './loader', './lazy.mjs']);
  });
});

describe('extractFacts: definitions written as assignments', () => {
  const source = [
    "var http = require('http');",
    'var app = exports = module.exports = {};',
    'var res = Object.create(http.ServerResponse.prototype);',
    'module.exports.res = res;',
    '',
    'app.get = function get(setting) {',
    '  return this.settings[setting];',
    '};',
    '',
    'res.contentType =',
    'res.type = function contentType(type) {',
    '  return this.set(type);',
    '};',
    '',
    'exports.etag = createETagGenerator({ weak: false });',
    '',
    'function View(name) {',
    '  this.name = name;',
    '}',
    '',
    'View.prototype.lookup = function lookup(name) {',
    '  return name;',
    '};',
    '',
    "defineGetter(res, 'fresh', function fresh() {",
    '  return true;',
    '});',
    '',
    'local.helper = () => 1;',
    'a.b.c = function deep() {};',
    '',
    'module.exports = {',
    '  View,',
    '  render: function render(view) {',
    '    return view;',
    '  },',
    '  parse(text) { return text; },',
    '  version: "1.0",',
    '};',
    '',
  ].join('\n');

  it('maps each assignment form to a symbol with its owner, kind, export and lines', async () => {
    const facts = await extractFacts(source, 'javascript');
    expectSymbol(facts, source, { name: 'app', kind: 'variable', exported: true, from: 'var app' });
    expectSymbol(facts, source, { name: 'get', parent: 'app', kind: 'method', exported: true, from: 'app.get = function', to: 'this.settings[setting];\n};' });
    expectSymbol(facts, source, { name: 'contentType', parent: 'res', kind: 'method', exported: true, from: 'res.contentType =', to: 'return this.set(type);\n};' });
    expectSymbol(facts, source, { name: 'type', parent: 'res', kind: 'method', exported: true, from: 'res.contentType =', to: 'return this.set(type);\n};' });
    expectSymbol(facts, source, { name: 'etag', kind: 'variable', exported: true, from: 'exports.etag' });
    expectSymbol(facts, source, { name: 'View', kind: 'function', exported: true, from: 'function View', to: 'this.name = name;\n}' });
    expectSymbol(facts, source, { name: 'lookup', parent: 'View', kind: 'method', exported: true, from: 'View.prototype.lookup', to: 'return name;\n};' });
    expectSymbol(facts, source, { name: 'fresh', parent: 'res', kind: 'method', exported: true, from: "defineGetter(res, 'fresh'", to: 'return true;\n});' });
    expectSymbol(facts, source, { name: 'helper', parent: 'local', kind: 'method', exported: false, from: 'local.helper' });
    expectSymbol(facts, source, { name: 'render', kind: 'function', exported: true, from: 'render: function', to: 'return view;\n  }' });
    expectSymbol(facts, source, { name: 'parse', kind: 'function', exported: true, from: 'parse(text)' });
    expectSymbol(facts, source, { name: 'version', kind: 'variable', exported: true, from: 'version: "1.0"' });
    expect(facts.symbols.some((symbol) => symbol.name === 'c' || symbol.name === 'deep')).toBe(false);
  });

  it('shows an assigned method by its head, without the body', async () => {
    const facts = await extractFacts(source, 'javascript');
    expect(symbolNamed(facts, 'get', 'app').signature).toBe('app.get = function get(setting)');
    expect(symbolNamed(facts, 'etag').signature).toBe('exports.etag = createETagGenerator({ weak: false })');
  });
});

describe('extractFacts: Python', () => {
  const source = [
    'import os.path',
    'import numpy as np',
    'from . import siblings',
    'from .models import User',
    'from ..core.db import (Session, engine)',
    '',
    'MAX_RETRIES = 3',
    '_cache = {}',
    'ROUTES = {',
    '    "home": "/",',
    '}',
    '',
    '',
    '@dataclass',
    'class Repository(Base):',
    '    table = "users"',
    '',
    '    def __init__(self, session):',
    '        self.session = session',
    '',
    '    @property',
    '    def count(self) -> int:',
    '        return 0',
    '',
    '    def _query(self, sql: str):',
    '        import json',
    '        return json.dumps(sql)',
    '',
    '',
    'async def fetch_user(user_id: int) -> "User":',
    '    return None',
    '',
    '',
    'def _private_helper():',
    '    pass',
    '',
  ].join('\n');

  it('finds classes, methods and module-level names, private by underscore', async () => {
    const facts = await extractFacts(source, 'python');
    expectSymbol(facts, source, { name: 'MAX_RETRIES', kind: 'constant', exported: true, from: 'MAX_RETRIES' });
    expectSymbol(facts, source, { name: '_cache', kind: 'variable', exported: false, from: '_cache' });
    expectSymbol(facts, source, { name: 'ROUTES', kind: 'constant', exported: true, from: 'ROUTES = {', to: '"home": "/",\n}' });
    expectSymbol(facts, source, { name: 'Repository', kind: 'class', exported: true, from: '@dataclass', to: 'return json.dumps(sql)' });
    expectSymbol(facts, source, { name: '__init__', parent: 'Repository', kind: 'method', exported: true, from: 'def __init__', to: 'self.session = session' });
    expectSymbol(facts, source, { name: 'count', parent: 'Repository', kind: 'method', exported: true, from: '@property', to: '        return 0' });
    expectSymbol(facts, source, { name: '_query', parent: 'Repository', kind: 'method', exported: false, from: 'def _query', to: 'return json.dumps(sql)' });
    expectSymbol(facts, source, { name: 'fetch_user', kind: 'function', exported: true, from: 'async def fetch_user', to: '    return None' });
    expectSymbol(facts, source, { name: '_private_helper', kind: 'function', exported: false, from: 'def _private_helper', to: '    pass' });
  });

  it('heads leave out decorators and bodies', async () => {
    const facts = await extractFacts(source, 'python');
    expect(symbolNamed(facts, 'Repository').signature).toBe('class Repository(Base)');
    expect(symbolNamed(facts, 'ROUTES').signature).toBe('ROUTES');
    expect(symbolNamed(facts, 'MAX_RETRIES').signature).toBe('MAX_RETRIES = 3');
    expect(symbolNamed(facts, 'count', 'Repository').signature).toBe('def count(self) -> int');
    expect(symbolNamed(facts, 'fetch_user').signature).toBe('async def fetch_user(user_id: int) -> "User"');
  });

  it('lists modules, relative ones with their dots, nested imports too', async () => {
    const facts = await extractFacts(source, 'python');
    expect(facts.imports).toEqual(['os.path', 'numpy', '.siblings', '.models', '..core.db', 'json']);
  });
});

describe('extractFacts: Go', () => {
  const source = [
    'package store',
    '',
    'import "fmt"',
    'import (',
    '\t"context"',
    '\tdb "github.com/acme/shop/internal/db"',
    ')',
    '',
    'const MaxItems = 100',
    '',
    'const (',
    '\tModeFast = iota',
    '\tmodeSlow',
    ')',
    '',
    'var defaultTimeout = 30',
    '',
    'type Store struct {',
    '\tdb *db.Conn',
    '}',
    '',
    'type Reader interface {',
    '\tRead(ctx context.Context) error',
    '}',
    '',
    'func New(conn *db.Conn) *Store {',
    '\treturn &Store{db: conn}',
    '}',
    '',
    'func (s *Store) Get(ctx context.Context, id string) (string, error) {',
    '\treturn fmt.Sprint(id), nil',
    '}',
    '',
    'func (s Store) flush() {}',
    '',
  ].join('\n');

  it('finds types, functions and methods with their receiver, exported by capital', async () => {
    const facts = await extractFacts(source, 'go');
    expectSymbol(facts, source, { name: 'MaxItems', kind: 'constant', exported: true, from: 'const MaxItems' });
    expectSymbol(facts, source, { name: 'defaultTimeout', kind: 'variable', exported: false, from: 'var defaultTimeout' });
    expectSymbol(facts, source, { name: 'ModeFast', kind: 'constant', exported: true, from: 'ModeFast' });
    expectSymbol(facts, source, { name: 'modeSlow', kind: 'constant', exported: false, from: 'modeSlow' });
    expectSymbol(facts, source, { name: 'Store', kind: 'struct', exported: true, from: 'type Store struct', to: '\tdb *db.Conn\n}' });
    expectSymbol(facts, source, { name: 'Reader', kind: 'interface', exported: true, from: 'type Reader interface', to: 'error\n}' });
    expectSymbol(facts, source, { name: 'New', kind: 'function', exported: true, from: 'func New', to: '&Store{db: conn}\n}' });
    expectSymbol(facts, source, { name: 'Get', parent: 'Store', kind: 'method', exported: true, from: 'func (s *Store) Get', to: 'nil\n}' });
    expectSymbol(facts, source, { name: 'flush', parent: 'Store', kind: 'method', exported: false, from: 'func (s Store) flush' });
    expect(symbolNamed(facts, 'Get', 'Store').signature).toBe('func (s *Store) Get(ctx context.Context, id string) (string, error)');
    expect(symbolNamed(facts, 'Store').signature).toBe('type Store struct');
  });

  it('lists import paths', async () => {
    const facts = await extractFacts(source, 'go');
    expect(facts.imports).toEqual(['fmt', 'context', 'github.com/acme/shop/internal/db']);
  });
});

describe('extractFacts: Rust', () => {
  const source = [
    'use std::collections::HashMap;',
    'use crate::config::{self, Settings, loader::load as load_settings};',
    'use super::util::*;',
    '',
    'pub mod api;',
    'mod storage;',
    '',
    'pub const LIMIT: usize = 64;',
    '',
    'pub struct Engine {',
    '    cache: HashMap<String, String>,',
    '}',
    '',
    'pub trait Runner {',
    '    fn run(&self) -> Result<(), String>;',
    '}',
    '',
    'impl Engine {',
    '    pub fn new() -> Self {',
    '        Engine { cache: HashMap::new() }',
    '    }',
    '',
    '    fn evict(&mut self) {}',
    '}',
    '',
    'impl Runner for Engine {',
    '    fn run(&self) -> Result<(), String> {',
    '        Ok(())',
    '    }',
    '}',
    '',
    'pub(crate) fn internal() {}',
    '',
    'enum Mode { Fast, Slow }',
    '',
  ].join('\n');

  it('finds items, impls and their methods, exported by pub', async () => {
    const facts = await extractFacts(source, 'rust');
    expectSymbol(facts, source, { name: 'api', kind: 'module', exported: true, from: 'pub mod api' });
    expectSymbol(facts, source, { name: 'storage', kind: 'module', exported: false, from: 'mod storage' });
    expectSymbol(facts, source, { name: 'LIMIT', kind: 'constant', exported: true, from: 'pub const LIMIT' });
    expectSymbol(facts, source, { name: 'Engine', kind: 'struct', exported: true, from: 'pub struct Engine', to: 'HashMap<String, String>,\n}' });
    expectSymbol(facts, source, { name: 'Runner', kind: 'trait', exported: true, from: 'pub trait Runner', to: 'String>;\n}' });
    expectSymbol(facts, source, { name: 'run', parent: 'Runner', kind: 'method', exported: true, from: '    fn run(&self) -> Result<(), String>;' });
    expectSymbol(facts, source, { name: 'new', parent: 'Engine', kind: 'method', exported: true, from: 'pub fn new', to: 'HashMap::new() }\n    }' });
    expectSymbol(facts, source, { name: 'evict', parent: 'Engine', kind: 'method', exported: false, from: 'fn evict' });
    expectSymbol(facts, source, { name: 'run', parent: 'Engine', kind: 'method', exported: true, from: '    fn run(&self) -> Result<(), String> {', to: 'Ok(())\n    }' });
    expectSymbol(facts, source, { name: 'internal', kind: 'function', exported: false, from: 'pub(crate) fn internal' });
    expectSymbol(facts, source, { name: 'Mode', kind: 'enum', exported: false, from: 'enum Mode' });
    const impls = facts.symbols.filter((symbol) => symbol.kind === 'impl');
    expect(impls.map((impl) => [impl.signature, impl.startLine])).toEqual([
      ['impl Engine', lineOf(source, 'impl Engine {')],
      ['impl Runner for Engine', lineOf(source, 'impl Runner for Engine')],
    ]);
  });

  it('expands use trees into paths and lists file modules', async () => {
    const facts = await extractFacts(source, 'rust');
    expect(facts.imports).toEqual(['std::collections::HashMap', 'crate::config', 'crate::config::Settings', 'crate::config::loader::load', 'super::util', 'mod api', 'mod storage']);
  });
});

describe('extractFacts: Java', () => {
  const source = [
    'package com.acme.orders;',
    '',
    'import java.util.List;',
    'import com.acme.billing.Invoice;',
    'import static com.acme.util.Strings.isBlank;',
    'import com.acme.events.*;',
    '',
    '@Service',
    'public class OrderService implements Orders {',
    '    private final Repository repository;',
    '',
    '    public OrderService(Repository repository) {',
    '        this.repository = repository;',
    '    }',
    '',
    '    @Override',
    '    public List<Order> findAll(int limit) throws StoreException {',
    '        return repository.all(limit);',
    '    }',
    '',
    '    private void audit() {}',
    '',
    '    public static class Builder {',
    '        public OrderService build() { return null; }',
    '    }',
    '}',
    '',
    'interface Repository {',
    '    List<Order> all(int limit);',
    '}',
    '',
    'public enum Status { OPEN, CLOSED; public boolean done() { return this == CLOSED; } }',
    'record Line(String sku, int quantity) {}',
    '',
  ].join('\n');

  it('finds classes, constructors, methods and nested types, exported by public', async () => {
    const facts = await extractFacts(source, 'java');
    expectSymbol(facts, source, { name: 'OrderService', kind: 'class', exported: true, from: '@Service', to: '    }\n}' });
    expectSymbol(facts, source, { name: 'OrderService', parent: 'OrderService', kind: 'method', exported: true, from: 'public OrderService(', to: 'this.repository = repository;\n    }' });
    expectSymbol(facts, source, { name: 'findAll', parent: 'OrderService', kind: 'method', exported: true, from: '@Override', to: 'repository.all(limit);\n    }' });
    expectSymbol(facts, source, { name: 'audit', parent: 'OrderService', kind: 'method', exported: false, from: 'private void audit' });
    expectSymbol(facts, source, { name: 'Builder', parent: 'OrderService', kind: 'class', exported: true, from: 'public static class Builder', to: 'return null; }\n    }' });
    expectSymbol(facts, source, { name: 'build', parent: 'Builder', kind: 'method', exported: true, from: 'public OrderService build' });
    expectSymbol(facts, source, { name: 'Repository', kind: 'interface', exported: false, from: 'interface Repository', to: 'all(int limit);\n}' });
    // Interface members are public without the keyword.
    expectSymbol(facts, source, { name: 'all', parent: 'Repository', kind: 'method', exported: true, from: 'List<Order> all(' });
    expectSymbol(facts, source, { name: 'Status', kind: 'enum', exported: true, from: 'public enum Status' });
    expectSymbol(facts, source, { name: 'done', parent: 'Status', kind: 'method', exported: true, from: 'public boolean done' });
    expectSymbol(facts, source, { name: 'Line', kind: 'class', exported: false, from: 'record Line' });
    expect(symbolNamed(facts, 'Line').signature).toBe('record Line(String sku, int quantity)');
    expect(symbolNamed(facts, 'findAll', 'OrderService').signature).toBe('public List<Order> findAll(int limit) throws StoreException');
    expect(symbolNamed(facts, 'OrderService').signature).toBe('public class OrderService implements Orders');
  });

  it('lists imports, static and wildcard ones included', async () => {
    const facts = await extractFacts(source, 'java');
    expect(facts.imports).toEqual(['java.util.List', 'com.acme.billing.Invoice', 'com.acme.util.Strings.isBlank', 'com.acme.events.*']);
  });
});

describe('extractFacts: what it refuses', () => {
  it('does not throw on broken syntax and keeps what it can read', async () => {
    const broken = ["import { a } from './a.js';", 'export function ok(): number { return 1; }', 'export class Broken {', '  method( {', ''].join('\n');
    const facts = await extractFacts(broken, 'typescript');
    expect(facts.imports).toEqual(['./a.js']);
    expect(facts.symbols.map((symbol) => symbol.name)).toContain('ok');
    for (const language of ['python', 'go', 'rust', 'java', 'javascript']) {
      await expect(extractFacts('}}} def ((( class :: fn <<< "unterminated', language)).resolves.toHaveProperty('symbols');
    }
  });

  it('gives no symbols for unknown languages (their words still count), and empty facts for oversized text', async () => {
    const ruby = await extractFacts('def f():\n  pass\n  pass\n', 'ruby');
    expect(ruby).toMatchObject({ symbols: [], imports: [] });
    expect([bagCount(ruby.words!, 'def'), bagCount(ruby.words!, 'pass'), bagLength(ruby.words!)]).toEqual([1, 2, 3]);
    expect(await extractFacts('export function f() {}', 'constructor')).toMatchObject({ symbols: [], imports: [] });
    const head = 'export function f() {}\n//';
    const atCap = head + 'x'.repeat(MAX_FACTS_CHARS - head.length);
    expect((await extractFacts(atCap, 'typescript')).symbols.map((found) => found.name)).toEqual(['f']);
    expect(await extractFacts(`${atCap}x`, 'typescript')).toEqual({ symbols: [], imports: [] });
  });

  it('counts lines correctly past non-ASCII text', async () => {
    const source = '// héllo wörld ✓ 😀 ünïcode\nconst s = "😀😀";\nexport function after(): void {}\n';
    const facts = await extractFacts(source, 'typescript');
    const after = symbolNamed(facts, 'after');
    expect(after.startLine).toBe(lineOf(source, 'export function after'));
    expect(after.signature).toBe('export function after(): void');
  });
});
