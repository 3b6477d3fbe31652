import { createToken } from '@loomkit/kernel';
import type { MegaQueryService } from './service.js';

/** Whole-repository analysis: other plugins (the auto-router, chains) reach it through this token only. */
export const MegaQueryToken = createToken<MegaQueryService>('loom.mega-query');
