// Bundles the handlers into target/classes/META-INF/edge-runtime/, where the edge-runtime jar carries them
// to the renderer. A cold container pays 0.6–2.3 ms of CPU for each module file it loads (benchmark P5),
// so the code a cold start runs is one file, index.mjs; each lazily loaded part (the Lambda client, the
// S3 client, the DNS client, the beacon receiver) stays a file of its own that loads with the first request
// that needs it, and code they share is a chunk. The output depends only on the sources and esbuild's
// pinned version (chunk names hash their content; paths are relative to this directory), so a rebuild renders
// the same Lambda code.
//   node build.mjs [outdir]
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('./', import.meta.url));
const outdir = process.argv[2] ?? `${here}target/classes/META-INF/edge-runtime/`;
rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: here, // the path comments in the output are relative to it: the same from any directory
  entryPoints: ['src/index.mjs'],
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node18',
  outExtension: { '.js': '.mjs' },
  entryNames: '[name]',
  chunkNames: '[name]-[hash]',
  legalComments: 'none',
  logLevel: 'warning',
});
