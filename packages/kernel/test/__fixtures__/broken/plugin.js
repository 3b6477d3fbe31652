// Linked as a third-party plugin that fails to load: its export is not a Loom plugin.
export default { name: 'broken' };
