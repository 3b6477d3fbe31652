import { shippedModelTable } from '@loomkit/llm';
import { createMetricsService } from '@loomkit/plugin-metrics';
import { dashboardData } from '../plugins/metrics/dist/dashboard/data.js';
const s = createMetricsService({ dataDir: '/tmp/mt/bench/year/data', cacheDir: '/tmp/mt/bench/year/cache', claudeDirs: [], models: shippedModelTable() });
for (let i = 0; i < 3; i++) {
  let t = performance.now();
  const scan = s.scan('loom');
  const a = performance.now() - t; t = performance.now();
  const d = dashboardData(s, 'loom', {}, Date.now());
  const b = performance.now() - t;
  console.log('scan', a.toFixed(0), 'dashboardData(incl. scan)', b.toFixed(0), 'rows', scan.rows.length);
}
