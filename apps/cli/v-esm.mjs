import { useVendored } from '/work/main/apps/cli/bin/vendored.js';
useVendored(new URL('file:///work/main/apps/cli/'));
await import('@oclif/core'); await import('tsyringe'); await import('semver');
