import { loomProject } from '../../vitest.shared.js';

export default loomProject('plugin-future');
