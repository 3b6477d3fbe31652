import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** A verdaccio on 127.0.0.1 with no uplinks: it serves only what the test publishes to it. */
export interface Registry {
  /** `http://127.0.0.1:<port>/` */
  url: string;
  /** Bearer token of the registry's one user, allowed to publish. */
  token: string;
  /** An npmrc naming this registry and the token; nothing else. */
  npmrc: string;
  /** Scratch space that `stop()` removes: storage, config, npm caches. */
  dir: string;
  stop(): Promise<void>;
}

const packageRoot = (name: string): string => {
  try {
    return dirname(require.resolve(`${name}/package.json`));
  } catch {
    // Packages whose "exports" hide package.json: walk up from their entry.
    for (let dir = dirname(require.resolve(name)); dirname(dir) !== dir; dir = dirname(dir)) {
      if (readJson<{ name?: string }>(join(dir, 'package.json'), {}).name === name) return dir;
    }
    throw new Error(`cannot find the package folder of ${name}`);
  }
};

function readJson<T>(path: string, fallback: T): T {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch {
    return fallback;
  }
}

/** The npm CLI that `loom plugins install` itself runs: the one @oclif/plugin-plugins depends on. */
export function npmCli(): string {
  const fromPluginPlugins = createRequire(join(packageRoot('@oclif/plugin-plugins'), 'package.json'));
  const npmPackage = fromPluginPlugins.resolve('npm/package.json');
  const { bin } = readJson<{ bin: { npm: string } }>(npmPackage, { bin: { npm: 'bin/npm-cli.js' } });
  return join(dirname(npmPackage), bin.npm);
}

/** The inherited environment without any `npm_config_*` that pnpm sets for scripts. */
export function withoutNpmConfig(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !/^npm_config_/i.test(key)));
}

/**
 * npm settings for every npm this test starts, directly, under pnpm, or under `loom plugins`:
 * this registry only, the given throw-away cache, and neither the machine's user nor its
 * global npmrc (so no other registry, proxy or token can be picked up).
 */
export function npmEnv(registry: Registry, cacheDir: string): Record<string, string> {
  return {
    npm_config_registry: registry.url,
    npm_config_userconfig: registry.npmrc,
    npm_config_globalconfig: join(registry.dir, 'global.npmrc'),
    npm_config_cache: cacheDir,
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts verdaccio (a child process) on a free loopback port and creates a publishing user. */
export async function startRegistry(): Promise<Registry> {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'loom-registry-')));
  writeFileSync(join(dir, 'global.npmrc'), '');
  for (let attempt = 1; ; attempt++) {
    try {
      return await launch(dir, await freePort());
    } catch (error) {
      // Another process may take the port between freePort() and verdaccio's listen.
      if (attempt >= 3) {
        rmSync(dir, { recursive: true, force: true });
        throw error;
      }
    }
  }
}

async function launch(dir: string, port: number): Promise<Registry> {
  const url = `http://127.0.0.1:${port}/`;
  const config = {
    storage: join(dir, 'storage'),
    auth: { htpasswd: { file: join(dir, 'htpasswd'), max_users: 1 } },
    // JWT tokens: checked by HMAC, where legacy tokens cost a bcrypt per request.
    security: { api: { legacy: false, jwt: { sign: { expiresIn: '1d' } } } },
    uplinks: {},
    packages: {
      '@*/*': { access: '$all', publish: '$authenticated', unpublish: '$authenticated' },
      '**': { access: '$all', publish: '$authenticated', unpublish: '$authenticated' },
    },
    web: { enable: false },
    log: { type: 'stdout', format: 'pretty', level: 'warn' },
    max_body_size: '100mb',
  };
  // JSON is YAML, and spares quoting the paths.
  const configFile = join(dir, `verdaccio-${port}.yaml`);
  writeFileSync(configFile, JSON.stringify(config, null, 2));

  const root = packageRoot('verdaccio');
  const { bin } = readJson<{ bin: string | Record<string, string> }>(join(root, 'package.json'), { bin: 'bin/verdaccio' });
  const binPath = join(root, typeof bin === 'string' ? bin : (bin.verdaccio ?? 'bin/verdaccio'));
  const child = spawn(process.execPath, [binPath, '--config', configFile, '--listen', `127.0.0.1:${port}`], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', HOME: dir, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
  child.stderr.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // Never leave a registry behind, even if the test process dies without afterAll.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const stop = async () => {
    process.removeListener('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const stopped = await Promise.race([exited.then(() => true), sleep(5_000).then(() => false)]);
      if (!stopped) {
        child.kill('SIGKILL');
        await exited;
      }
    }
  };

  try {
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`verdaccio exited:\n${output}`);
      if (Date.now() > deadline) throw new Error(`verdaccio did not answer on ${url} within 30 s:\n${output}`);
      const ready = await fetch(`${url}-/ping`).then((response) => response.ok, () => false);
      if (ready) break;
      await sleep(100);
    }
    // What `npm adduser` does: the answer carries the token.
    const response = await fetch(`${url}-/user/org.couchdb.user:loom`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'loom', password: randomBytes(16).toString('hex') }),
    });
    const { token } = (await response.json()) as { token?: string };
    if (!response.ok || !token) throw new Error(`verdaccio refused to create a user (${response.status}):\n${output}`);
    const npmrc = join(dir, 'npmrc');
    writeFileSync(npmrc, `registry=${url}\n//127.0.0.1:${port}/:_authToken=${token}\n`);
    return {
      url,
      token,
      npmrc,
      dir,
      stop: async () => {
        await stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
