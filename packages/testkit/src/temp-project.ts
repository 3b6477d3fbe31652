import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { simpleGit } from 'simple-git';

export interface TempProject {
  root: string;
  /** Writes files relative to the root, creating folders. */
  write(files: Record<string, string>): void;
  remove(): void;
}

export interface TempProjectOptions {
  files?: Record<string, string>;
  /** Make it a git repository with one commit of the files. */
  git?: boolean;
}

/** A throw-away folder (realpath'd, so it compares equal to what git and cwd report). */
export async function createTempProject(options: TempProjectOptions = {}): Promise<TempProject> {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'loom-project-')));
  const write = (files: Record<string, string>) => {
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), content);
    }
  };
  write(options.files ?? {});
  if (options.git) {
    const git = simpleGit({ baseDir: root });
    await git.init();
    await git.addConfig('user.email', 'test@loom.invalid').addConfig('user.name', 'Loom Test').addConfig('commit.gpgsign', 'false');
    await git.add('.');
    await git.commit('initial', { '--allow-empty': null });
  }
  return { root, write, remove: () => rmSync(root, { recursive: true, force: true }) };
}
