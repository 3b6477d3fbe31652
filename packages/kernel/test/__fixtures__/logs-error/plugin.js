// A third-party plugin that reports an error of its own while it sets up, and works on.
export default {
  $loomPlugin: 1,
  name: 'logs-error',
  version: '1.0.0',
  kernel: '^1',
  setup(ctx) {
    ctx.logger.error('logs-error could not reach its index; it works without one');
  },
};
