// The first-party plugin of the fixture CLI. Tests read what it did from a global list,
// and make its setup fail with `--set fixture.fail=true`. It sets up after `third` when
// that plugin is linked, so a failure here leaves a plugin that needs disposing.
const CALLS = Symbol.for('loom.fixture.calls');

const record = (call) => globalThis[CALLS]?.push(call);

export default {
  $loomPlugin: 1,
  name: 'fixture',
  version: '1.2.3',
  kernel: '^1',
  optionalDependsOn: { third: '^2' },
  setup(ctx) {
    record(`setup fixture ${JSON.stringify(ctx.config)}`);
    if (ctx.config.fail === true) throw new Error('fixture setup failed on purpose');
  },
  dispose() {
    record('dispose fixture');
  },
};
