import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { spawnSync } from 'node:child_process';
const bin = '/work/wt/mcp/apps/cli/bin/run.js';
const env = { ...process.env, NO_COLOR: '1', LOOM_CONFIG_DIR: '/tmp/mcp-probe-user/config', LOOM_DATA_DIR: '/tmp/mcp-probe-user/data', LOOM_CACHE_DIR: '/tmp/mcp-probe-user/cache' };
const n = Number(process.argv[2] ?? 3);
const res = [], base = [];
for (let i = 0; i < n; i++) {
  let t = performance.now(); spawnSync(process.execPath, ['-e', '0']); base.push(performance.now() - t);
  t = performance.now();
  const client = new Client({ name: 'p', version: '1' });
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [...(process.env.NODEARGS ? process.env.NODEARGS.split(' ') : []), bin, 'mcp', 'serve'], cwd: '/tmp/mcp-probe', env, stderr: 'inherit' }));
  const { tools } = await client.listTools();
  res.push(performance.now() - t);
  await client.close();
  if (!tools.length) throw new Error('none');
}
const med = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
console.log('tools/list', res.map((x) => x.toFixed(0)).join(' '), 'median', med(res).toFixed(0), '| node -e 0 median', med(base).toFixed(0), 'ratio', (med(res) / med(base)).toFixed(2));
