// A third-party plugin, linked into the fixture CLI by the tests.
const CALLS = Symbol.for('loom.fixture.calls');

const record = (call) => globalThis[CALLS]?.push(call);

export default {
  $loomPlugin: 1,
  name: 'third',
  version: '2.0.0',
  kernel: '^1',
  setup() {
    record('setup third');
  },
  dispose() {
    record('dispose third');
  },
};
