import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { isLoomError, LoomError } from '@loomkit/kernel';
import { describe, expect, it } from 'vitest';
import { checkInstallSpec, installError } from '../src/plugins/install-spec.js';
import { uninstallError } from '../src/plugins/installed.js';
import { setUserPluginTag, userPlugins } from '../src/plugins/user-plugins.js';

const refusal = (spec: string, cwd: string): LoomError => {
  try {
    checkInstallSpec(spec, cwd);
  } catch (error) {
    if (isLoomError(error)) return error;
    throw error;
  }
  throw new Error(`${spec} was not refused`);
};

describe('checkInstallSpec', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'loom-install-spec-'));
  mkdirSync(join(cwd, 'my-plugin'));
  writeFileSync(join(cwd, 'my-plugin.tgz'), '');

  it('passes package names, tags, scopes, file: specs and GitHub slugs to npm as they are', () => {
    for (const spec of ['loom-plugin-hello', 'loom-plugin-hello@1.2.0', '@acme/lint@next', 'file:./my-plugin.tgz', 'someuser/someplugin', 'https://github.com/a/b', 'my-plugin']) {
      expect(checkInstallSpec(spec, cwd)).toBe(spec);
    }
  });

  it('refuses a folder, pointing at link with the words the user typed', () => {
    const error = refusal('./my-plugin', cwd);
    expect(error.code).toBe('PLUGIN_INSTALL_NOT_A_PACKAGE');
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe(`${join(cwd, 'my-plugin')} is a folder; install takes a package from the npm registry`);
    expect(error.hint).toBe('link a plugin folder instead: loom plugins link ./my-plugin');
    expect(refusal('.', cwd).message).toBe(`${cwd} is a folder; install takes a package from the npm registry`);
  });

  it('refuses a file, pointing at a file: spec with its whole path', () => {
    const error = refusal('../my-plugin.tgz', join(cwd, 'my-plugin'));
    expect(error.message).toBe(`${join(cwd, 'my-plugin.tgz')} is a file; install takes a package from the npm registry`);
    expect(error.hint).toBe(`install a packed plugin as a file: spec: loom plugins install file:${join(cwd, 'my-plugin.tgz')}`);
  });

  it('refuses a path that is not there, and reads ~ as the home folder', () => {
    expect(refusal('/no/such/plugin', cwd).message).toBe('/no/such/plugin does not exist; install takes a package from the npm registry');
    expect(refusal('~/no-such-plugin-here', cwd).message).toBe(`${join(homedir(), 'no-such-plugin-here')} does not exist; install takes a package from the npm registry`);
    expect(refusal('..\\up', cwd).code).toBe('PLUGIN_INSTALL_NOT_A_PACKAGE');
  });
});

describe('installError', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'loom-install-error-'));
  mkdirSync(join(cwd, 'my-plugin'));
  const said = (message: string, spec = 'x', aftermath?: Parameters<typeof installError>[2]): LoomError => {
    const error = installError(new Error(message), spec, aftermath, cwd);
    if (!isLoomError(error)) throw new Error(`${message} was not turned into a LoomError`);
    return error;
  };

  it('says a name the registry lacks as not found, and points at a folder of that name', () => {
    const missing = said('loom-plugin-nowhere does not exist in the registry.', 'loom-plugin-nowhere');
    expect(missing.code).toBe('PLUGIN_NOT_FOUND');
    expect(missing.exitCode).toBe(1);
    expect(missing.message).toBe('loom-plugin-nowhere is not in the npm registry');
    expect(missing.hint).not.toContain('plugins link');
    expect(said('my-plugin does not exist in the registry.', 'my-plugin').hint).toContain('run loom plugins link ./my-plugin');
  });

  it("says npm's failure with its exit code, a non-plugin as such, and a bad name as a usage error", () => {
    expect(said('/usr/bin/node npm-cli.js install a@9 --omit dev exited with code 137', 'a@9').message).toBe('npm could not install a@9 (exit code 137)');
    expect(said('plugin is invalid', 'tsyringe')).toMatchObject({ code: 'PLUGIN_NOT_A_PLUGIN', exitCode: 1 });
    expect(said('Invalid npm package name.', 'Not A Name')).toMatchObject({ code: 'PLUGIN_NAME_INVALID', exitCode: 2, message: 'Not A Name is not a valid npm package name' });
  });

  it('returns any other error as it is, unless the failure took a plugin away', () => {
    const other = new Error('EACCES: permission denied');
    expect(installError(other, 'x', undefined, cwd)).toBe(other);
    expect(installError('not even an error', 'x')).toBe('not even an error');
    // What was put back or lost is said even when the failure itself is not one Loom knows.
    const lost = installError(other, 'x@9', { restored: ['y@2.0.0'], lost: ['x@1.0.0'] }, cwd);
    expect(isLoomError(lost)).toBe(true);
    expect(lost).toMatchObject({
      code: 'PLUGIN_INSTALL_FAILED',
      exitCode: 1,
      message: 'npm could not install x@9 (EACCES: permission denied); y@2.0.0 put back as installed before; the attempt removed x@1.0.0',
      hint: 'reinstall it: loom plugins install x@1.0.0',
      cause: other,
    });
  });

  it('adds what the failure took away: put back, or lost with the command that reinstalls it', () => {
    const back = said('x@9 exited with code 1', 'x@9', { restored: ['x@1.0.0'], lost: [] });
    expect(back.message).toBe('npm could not install x@9 (exit code 1); x@1.0.0 put back as installed before');
    expect(back.hint).toContain('npm ping');
    const lost = said('x@9 exited with code 1', 'x@9', { restored: [], lost: ['x@1.0.0', 'y@2.0.0'] });
    expect(lost.message).toBe('npm could not install x@9 (exit code 1); the attempt removed x@1.0.0, y@2.0.0');
    expect(lost.hint).toBe('reinstall it: loom plugins install x@1.0.0; loom plugins install y@2.0.0');
    expect(lost.exitCode).toBe(1);
  });
});

describe('userPlugins', () => {
  const dataDir = (pjson: string): string => {
    const dir = mkdtempSync(join(tmpdir(), 'loom-user-plugins-'));
    writeFileSync(join(dir, 'package.json'), pjson);
    return dir;
  };

  it('lists installed plugins with their tags and versions on disk, leaving out links and anything malformed', () => {
    const dir = dataDir(JSON.stringify({ oclif: { plugins: [{ name: 'a', tag: 'latest', type: 'user' }, { name: '@s/b', type: 'user' }, { name: 'c', type: 'link' }, 'd', null, { type: 'user' }] } }));
    mkdirSync(join(dir, 'node_modules/a'), { recursive: true });
    writeFileSync(join(dir, 'node_modules/a/package.json'), '{"version":"1.2.3"}');
    mkdirSync(join(dir, 'node_modules/@s/b'), { recursive: true });
    writeFileSync(join(dir, 'node_modules/@s/b/package.json'), '{"version":7}');
    expect([...userPlugins(dir)]).toEqual([
      ['a', { tag: 'latest', version: '1.2.3' }],
      ['@s/b', { tag: undefined, version: undefined }],
    ]);
  });

  it('is empty without a file, with broken JSON, or without a list', () => {
    expect(userPlugins(join(tmpdir(), 'loom-no-such-data-dir')).size).toBe(0);
    expect(userPlugins(dataDir('{')).size).toBe(0);
    expect(userPlugins(dataDir('{"oclif":{"plugins":{}}}')).size).toBe(0);
  });

  it('sets the tag of the one plugin named, and writes nothing when it is already so', () => {
    const dir = dataDir(JSON.stringify({ dependencies: { a: '1.0.0' }, oclif: { plugins: [{ name: 'a', tag: '1.0.0', type: 'user' }, { name: 'b', tag: '2.0.0', type: 'user' }] } }));
    setUserPluginTag(dir, 'a', 'latest');
    const written = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as unknown;
    expect(written).toEqual({ dependencies: { a: '1.0.0' }, oclif: { plugins: [{ name: 'a', tag: 'latest', type: 'user' }, { name: 'b', tag: '2.0.0', type: 'user' }] } });
    // Compact, as no write of ours would leave it: unchanged bytes prove nothing was written.
    const compact = JSON.stringify(written);
    writeFileSync(join(dir, 'package.json'), compact);
    setUserPluginTag(dir, 'a', 'latest');
    setUserPluginTag(dir, 'nobody', 'latest');
    expect(readFileSync(join(dir, 'package.json'), 'utf8')).toBe(compact);
  });
});

describe('uninstallError', () => {
  const said = (message: string, installed: string[]): LoomError => {
    const error = uninstallError(new Error(message), installed);
    if (!isLoomError(error)) throw new Error(`${message} was not turned into a LoomError`);
    return error;
  };

  it('says a name nothing answers to, with the nearest installed one', () => {
    const near = said('loom-plugin-helo is not installed', ['loom-plugin-hello', 'other']);
    expect(near).toMatchObject({ code: 'PLUGIN_NOT_INSTALLED', exitCode: 1, message: 'no plugin named "loom-plugin-helo" is installed' });
    expect(near.hint).toBe('did you mean loom-plugin-hello? `loom plugins` lists them all');
    expect(said('zzz is not installed', ['loom-plugin-hello']).hint).toBe('`loom plugins` lists the installed plugins');
  });

  it('says no name, in a folder no plugin is linked from, as such', () => {
    expect(said('. is not installed', ['a', 'b'])).toMatchObject({ message: 'no plugin is linked from this folder', hint: 'name one: loom plugins uninstall <name> (installed: a, b)' });
    expect(said('. is not installed', []).hint).toMatch(/^no plugins are installed or linked/);
  });

  it('points at the plugin that brought a nested one', () => {
    const nested = said('dep-plugin is installed via plugin parent-plugin, uninstall parent-plugin instead', ['parent-plugin']);
    expect(nested).toMatchObject({ code: 'PLUGIN_INSTALLED_BY_ANOTHER', message: 'dep-plugin came with the plugin parent-plugin', hint: 'uninstall that one: loom plugins uninstall parent-plugin' });
  });

  it('returns any other error as it is', () => {
    const other = new Error('npm uninstall failed');
    expect(uninstallError(other, ['a'])).toBe(other);
  });
});
