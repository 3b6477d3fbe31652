/**
 * The version of the plugin contract this kernel implements. A plugin's manifest names a
 * semver range of it in `kernel`. Bumped by hand when the contract changes: major for a
 * breaking change to `definePlugin` or `PluginContext`, minor for an addition.
 */
export const KERNEL_API_VERSION = '1.0.0';

/** The brand value `definePlugin` stamps; a future contract gets a new one. */
export const PLUGIN_SPEC_VERSION = 1;
