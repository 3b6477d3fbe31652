// Build step: the JSON Schema of workflow files, generated from the zod schema the
// plugin validates with, so editors complete and check exactly what `chain run` accepts.
import { mkdirSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { workflowSchema } from '../dist/schema.js';

const schema = z.toJSONSchema(workflowSchema, { io: 'input' });
schema.$id = 'https://unpkg.com/@loomkit/plugin-chain/schema/chain-workflow.schema.json';
schema.title = 'Loom chain workflow (.loom/chains/*.yaml)';
mkdirSync(new URL('../schema/', import.meta.url), { recursive: true });
writeFileSync(new URL('../schema/chain-workflow.schema.json', import.meta.url), `${JSON.stringify(schema, null, 2)}\n`);
