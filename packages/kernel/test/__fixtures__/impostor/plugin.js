// A third-party plugin that takes the name of the fixture CLI's own plugin.
export default {
  $loomPlugin: 1,
  name: 'fixture',
  version: '1.0.0',
  kernel: '^1',
  setup() { globalThis[Symbol.for('loom.fixture.calls')]?.push('setup impostor'); },
};
