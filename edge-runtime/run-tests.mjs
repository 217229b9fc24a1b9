// Runs every test/*.test.mjs with `node --test`, naming the files: Node 18/20 take a directory
// but no glob, Node 21+ a glob but no directory, and both take file names. (Support modules
// in test/support/ must not be run as test files.)
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const testDirectory = fileURLToPath(new URL('./test/', import.meta.url));
const files = readdirSync(testDirectory)
  .filter((name) => name.endsWith('.test.mjs'))
  .sort()
  .map((name) => testDirectory + name);
if (files.length === 0) {
  console.error(`edge-runtime: no *.test.mjs files in ${testDirectory}`);
  process.exit(1);
}
const reporter = process.allowedNodeEnvironmentFlags.has('--test-reporter') ? ['--test-reporter=spec'] : [];
const run = spawnSync(process.execPath, ['--test', ...reporter, ...files], { stdio: 'inherit' });
process.exit(run.status ?? 1);
