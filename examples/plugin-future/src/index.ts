import { createToken, definePlugin } from '@loomkit/kernel';

/** What the plugin would provide, were it ever set up. */
export const FutureClock = createToken<{ now(): string }>('future.clock');

/**
 * Built for a plugin contract this Loom does not implement (`kernel: '>=99.0.0'`): the
 * kernel refuses it with PLUGIN_KERNEL_INCOMPATIBLE, so its setup never runs and its
 * command says why instead of running half-wired.
 */
export default definePlugin({
  name: 'future',
  version: '1.0.0',
  kernel: '>=99.0.0',
  description: 'Needs a kernel from the future; Loom must refuse it and keep working.',
  provides: [FutureClock],
  routes: [{ command: 'future', summary: 'Tell the time in the future.', examples: ['what time is it in the future'] }],
  setup(ctx) {
    ctx.provide(FutureClock, { value: { now: () => 'the future' } });
  },
});
