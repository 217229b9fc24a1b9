// Lambda@Edge entry point (handler "index.handler"). The config is generated beside this
// file at package time and read once per container.
import { readFileSync } from 'node:fs';
import { createHandler } from './origin-request.mjs';

const config = JSON.parse(readFileSync(new URL('./edge-config.json', import.meta.url), 'utf8'));

export const handler = createHandler(config);
