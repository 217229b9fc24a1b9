import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const moduleDirectory = new URL('../', import.meta.url);
const sourceDirectory = fileURLToPath(new URL('src/', moduleDirectory));

test('src/ holds only flat .mjs modules that import nothing but node: built-ins and each other', () => {
  for (const name of readdirSync(sourceDirectory)) {
    assert.ok(statSync(sourceDirectory + name).isFile(), `${name} is a file`);
    assert.match(name, /^[a-z-]+\.mjs$/, `${name} is a runtime module, not a test or fixture`);
    const source = readFileSync(sourceDirectory + name, 'utf8');
    for (const [, specifier] of source.matchAll(/\bfrom\s+'([^']+)'/g)) {
      assert.match(specifier, /^(node:|\.\/[a-z-]+\.mjs$)/, `${name} imports ${specifier}`);
    }
  }
});
