import { createToken } from '@loomkit/kernel';
import type { MetricsService } from './service.js';

export const MetricsToken = createToken<MetricsService>('loom.metrics');
