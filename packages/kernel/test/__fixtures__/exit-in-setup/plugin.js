// Ends the process from setup().
export default {
  $loomPlugin: 1,
  name: 'exits',
  version: '1.0.0',
  kernel: '^1',
  setup() { process.exit(3); },
};
