import { definePlugin } from '@loomkit/kernel';
import { z } from 'zod';
import { Greeter } from './greeter.js';

export { Greeter } from './greeter.js';

/** Config section `hello` of loom.config.json (or `loom config set hello.greeting Hi`). */
export const helloConfig = z.object({
  greeting: z.string().min(1).default('Hello'),
});

export default definePlugin({
  name: 'hello',
  version: '1.0.0',
  kernel: '^1.0.0',
  description: 'Greets people; an example of a third-party Loom plugin.',
  provides: [Greeter],
  config: helloConfig,
  routes: [
    {
      command: 'hello',
      summary: 'Greet someone with the configured greeting.',
      examples: ['say hello', 'greet Ada', 'say hi to the team'],
      args: { name: 'who to greet' },
    },
  ],
  setup(ctx) {
    const { greeting } = ctx.config;
    ctx.provide(Greeter, {
      value: { greeting, greet: (name: string) => `${greeting}, ${name}!` },
    });
  },
});
