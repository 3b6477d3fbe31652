import { useVendored } from '/work/main/apps/cli/bin/vendored.js';
import { createRequire } from 'node:module';
useVendored(new URL('file:///work/main/apps/cli/'));
const r = createRequire('/work/main/apps/cli/package.json');
const o = r('@oclif/core'); const t = r('tsyringe'); 
const k = createRequire('/work/main/packages/kernel/package.json'); k('tsyringe'); k('semver');
