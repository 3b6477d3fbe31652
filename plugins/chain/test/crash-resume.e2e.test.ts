import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject, requireBuild, until, type Project } from './support.js';

/**
 * Five steps in a row, each leaving a line in side-effects.log. The step under test first
 * waits while `hang-N` exists, so the whole process group is killed (-9) while that step
 * is in flight; resume must then finish with every step's line there exactly once.
 */
const STEPS = [1, 2, 3, 4, 5];
const WORKFLOW = `steps:\n${STEPS.map((n) => `  - id: s${n}\n${n > 1 ? `    needs: s${n - 1}\n` : ''}    shell: "if [ -f hang-${n} ]; then sleep 60; fi; echo ${n} >> side-effects.log"`).join('\n')}\n`;

beforeAll(requireBuild);

describe('kill -9 at each step of a 5-step workflow, then resume', () => {
  let project: Project;
  afterAll(() => project?.remove());

  for (const crashAt of STEPS) {
    it(`crash while step ${crashAt} runs: resume runs no finished step again`, async () => {
      project = await createProject({ 'flow.yaml': WORKFLOW, [`hang-${crashAt}`]: '' });
      const child = project.spawnLoom(['chain', 'run', 'flow.yaml']);
      const exited = new Promise((done) => child.once('exit', done));
      await until(() => project.runs()[0]?.steps[`s${crashAt}`]?.status === 'running', `step ${crashAt} to run`);
      process.kill(-(child.pid as number), 'SIGKILL');
      await exited;
      const log = () => readFileSync(join(project.root, 'side-effects.log'), 'utf8').split('\n').filter(Boolean);
      if (crashAt > 1) expect(log()).toEqual(STEPS.slice(0, crashAt - 1).map(String));
      expect(project.runs()[0]?.status).toBe('running');

      rmSync(join(project.root, `hang-${crashAt}`));
      const resumed = await project.loom(['chain', 'resume']);
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(log()).toEqual(STEPS.map(String));
      const [run] = project.runs();
      expect(run?.status).toBe('succeeded');
      expect(run?.steps[`s${crashAt}`]?.attempts).toBe(2);
      project.remove();
    });
  }
});
