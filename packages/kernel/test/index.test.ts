import { describe, expect, it } from 'vitest';
import * as kernel from '../src/index.js';
import { Kernel } from '../src/kernel.js';
import { definePlugin } from '../src/manifest.js';
import { createEventBus } from '../src/events.js';
import { LoomError } from '../src/errors.js';

describe('the package entry', () => {
  it('exports the public API', () => {
    expect(Object.keys(kernel).sort()).toEqual(
      [
        'CORE_SECTIONS',
        'CoreTokens',
        'DEFAULT_MAX_READ_BYTES',
        'KERNEL_API_VERSION',
        'Kernel',
        'LOG_LEVELS',
        'LoomError',
        'PLUGIN_SPEC_VERSION',
        'PROJECT_CONFIG_FILE',
        'PROJECT_STATE_DIR',
        'assignmentsLayer',
        'coreConfigSchema',
        'createEventBus',
        'createLogger',
        'createToken',
        'currentInvocation',
        'climbsOut',
        'closest',
        'collectBounded',
        'definePlugin',
        'editDistance',
        'envLayer',
        'findProjectRoot',
        'fstatSyncSafe',
        'getPath',
        'isLoomError',
        'isWithin',
        'isStandardSchema',
        'lstatSyncSafe',
        'makeDirectorySync',
        'manifestSchema',
        'mergeLayers',
        'originOf',
        'parseManifest',
        'parseValue',
        'readConfigFile',
        'readFileBounded',
        'readRegularFileSync',
        'resolvePaths',
        'resolvePlugins',
        'setPath',
        'splitKey',
        'startKernel',
        'statSyncSafe',
        'stderrSink',
        'systemClock',
        'tokenName',
        'toLoomError',
        'unsetPath',
        'validateSection',
        'withTimeout',
        'runInvocation',
        'writeConfigFile',
        'CORE_WEAKENING_KEYS',
        'TRUST_FILE',
        'applyTrust',
        'configDigest',
        'isTrusted',
        'listTrusted',
        'revokeTrust',
        'trustConfig',
        'weakeningKeys',
        'withoutWeakeningKeys',
      ].sort(),
    );
  });

  it('re-exports the modules’ own values', () => {
    expect(kernel.Kernel).toBe(Kernel);
    expect(kernel.definePlugin).toBe(definePlugin);
    expect(kernel.createEventBus).toBe(createEventBus);
    expect(kernel.LoomError).toBe(LoomError);
  });

  it('implements kernel contract 1.0.0 and plugin spec 1', () => {
    expect(kernel.KERNEL_API_VERSION).toBe('1.0.0');
    expect(kernel.PLUGIN_SPEC_VERSION).toBe(1);
    expect([...kernel.CORE_SECTIONS]).toEqual(['$schema', 'logLevel', 'kernel']);
    expect(kernel.LOG_LEVELS).toEqual(['silent', 'error', 'warn', 'info', 'debug']);
  });
});
