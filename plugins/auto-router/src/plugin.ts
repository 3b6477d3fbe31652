// The kernel's entry (package.json `loom`): the manifest alone, so booting the kernel for any
// command loads none of the router; its library API is the package's main export (index.ts).
import { createRequire } from 'node:module';
import { definePlugin } from '@loomkit/kernel';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

export default definePlugin({
  name: 'auto-router',
  version,
  kernel: '^1.0.0',
  description: 'Say what you want in plain words: a local model picks the command, fills its arguments and runs it.',
  optionalDependsOn: { llm: '^0.1.0' },
  routes: [
    {
      command: 'auto routes',
      summary: 'List every route loom auto knows, by plugin',
      examples: ['which requests can loom auto understand', 'list the routes of the auto router', 'what commands can I ask for in plain words'],
    },
    {
      command: 'auto eval',
      summary: 'Measure the router on labelled requests',
      examples: ['evaluate the router on my-requests.jsonl', 'how accurate is loom auto on this test file', 'score auto routing against labelled examples'],
      args: { file: 'a .jsonl file of {"text", "command"} rows' },
    },
    {
      command: 'auto fit',
      summary: 'Tune the router\'s thresholds on your own labelled requests',
      examples: ['tune the auto router with my examples', 'fit the routing thresholds to requests.jsonl', 'teach loom auto from my labelled requests'],
      args: { file: 'a .jsonl file of {"text", "command"} rows' },
    },
  ],
});
