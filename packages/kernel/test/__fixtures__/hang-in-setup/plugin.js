// A setup() that never settles, and nothing else keeps the event loop busy.
export default {
  $loomPlugin: 1,
  name: 'hangs',
  version: '1.0.0',
  kernel: '^1',
  setup() { return new Promise(() => undefined); },
};
