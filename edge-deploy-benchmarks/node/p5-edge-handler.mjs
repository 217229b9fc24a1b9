// P5: the edge handler of a rendered release bundle (index.mjs + edge-config.json of schema 2), in
// this machine's node. Warm: CPU per request (process.cpuUsage over many requests) of a fresh
// process per run, for the entry (gzip, identity) and an asset cache miss (origin redirect).
// Cold: a fresh node per sample, import of the handler + its first request, timed in-process.
//
//   node p5-edge-handler.mjs --bundle=<extracted bundle dir> [--runs=5] [--cold-samples=15] [--requests=20000]
//     [--baseline=<another runtime's directory of .mjs files> --baseline-name=<label>]
// A baseline (e.g. the runtime of an earlier commit) runs with the same config, interleaved with the
// bundle in every warm round and cold sample, and gets its own rows.
//
// The measured copy of the bundle points release.lambdaEndpoint and origin.dnsServer at loopback
// servers run here (the runtime's own test doubles: a SigV4-checking Lambda API answering the
// weights question with a 25 % shift to this version, and a DNS server naming us-east-1's bucket),
// so the measured requests do what they do at the edge. Prints Markdown on stdout.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEST_CREDENTIALS, startLambdaServer } from '../../edge-runtime/test/support/lambda-server.mjs';
import { startDnsServer } from '../../edge-runtime/test/support/dns-server.mjs';

const options = Object.fromEntries(process.argv.slice(2).map((arg) => {
  const [key, value = 'true'] = arg.replace(/^--/, '').split('=');
  return [key, value];
}));
const RUNS = Number(options.runs ?? 5);
const COLD_SAMPLES = Number(options['cold-samples'] ?? 15);
const REQUESTS = Number(options.requests ?? 20000);
const child = fileURLToPath(new URL('./p5-handler-process.mjs', import.meta.url));

const bundle = mkdtempSync(join(tmpdir(), 'p5-bundle-'));
cpSync(resolve(options.bundle), bundle, { recursive: true });
const baseline = options.baseline ? mkdtempSync(join(tmpdir(), 'p5-baseline-')) : null;
const BASELINE_NAME = options['baseline-name'] ?? 'baseline';
const config = JSON.parse(readFileSync(join(bundle, 'edge-config.json'), 'utf8'));
if (!config.release || !config.builds.blue) throw new Error('P5 needs a release bundle (schema 2, green and blue)');

const lambda = await startLambdaServer({
  invoke: () => ({ functionVersion: '6', additionalVersion: '7', weight: 0.25, fetchedAt: Date.now() }),
  alias: () => { throw new Error('the edge never calls GetAlias'); },
});
const dns = await startDnsServer(() => ({ txt: ['us-east-1'], ttl: 60 }));
config.release.lambdaEndpoint = lambda.endpoint;
config.origin.dnsServer = dns.server;
writeFileSync(join(bundle, 'edge-config.json'), JSON.stringify(config));
if (baseline) {
  cpSync(resolve(options.baseline), baseline, { recursive: true });
  writeFileSync(join(baseline, 'edge-config.json'), JSON.stringify(config));
}
const variants = [['', bundle], ...(baseline ? [[BASELINE_NAME, baseline]] : [])];

const environment = {
  ...process.env,
  AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
  AWS_SESSION_TOKEN: TEST_CREDENTIALS.sessionToken,
};

function measure(mode, scenario, directory) {
  return new Promise((done, fail) => {
    const process_ = spawn(process.execPath, [child, mode, scenario, directory, String(REQUESTS)], { env: environment, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    process_.stdout.on('data', (chunk) => { out += chunk; });
    process_.on('error', fail);
    process_.on('close', (code) => (code === 0 ? done(JSON.parse(out)) : fail(new Error(`${mode} ${scenario} exited ${code}`))));
  });
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  return n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
};
const describe = (values, digits) => `${median(values).toFixed(digits)} (${values.map((v) => v.toFixed(digits)).join(', ')})`;

const SCENARIOS = [
  ['entry-gzip', 'entry, `accept-encoding: gzip`'],
  ['entry-identity', 'entry, no accept-encoding (identity)'],
  ['asset', 'asset cache miss, `br,gzip` (origin redirect to the nearest bucket)'],
];
const labelled = (name, variant) => (variant ? `${name} [${variant}]` : name);
const warm = {};
const servedGreen = {};
for (let run = 0; run < RUNS; run += 1) {
  for (const [name] of SCENARIOS) { // side by side: every scenario (and the baseline) once per round
    for (const [variant, directory] of variants) {
      const key = labelled(name, variant);
      const result = await measure('warm', name, directory);
      (warm[key] ??= []).push(result);
      (servedGreen[key] ??= []).push((result.served[config.builds.green.buildId] ?? 0) / REQUESTS);
      process.stderr.write(`[P5] warm run ${run + 1}/${RUNS} ${key}: ${result.cpuMicrosPerRequest.toFixed(1)} µs CPU/request ${JSON.stringify(result.served)}\n`);
    }
  }
}
const COLD = [['entry-gzip', 'entry (weights not known yet: serves blue, starts the probe)'], ['asset', 'asset cache miss (first DNS lookup)']];
const cold = {};
for (let sample = 0; sample < COLD_SAMPLES; sample += 1) {
  for (const [name] of COLD) {
    for (const [variant, directory] of variants) (cold[labelled(name, variant)] ??= []).push(await measure('cold', name, directory));
  }
}
await lambda.close();
await dns.close();
for (const [, directory] of variants) rmSync(directory, { recursive: true, force: true });

console.log(`node ${process.version}; ${RUNS} warm runs of ${REQUESTS} requests each (a fresh process per run, after 2,000 `
  + `warm-up requests; distinct client addresses; weights known: a 25 % shift to this version), ${COLD_SAMPLES} cold samples; median (samples).`);
console.log('');
console.log('| warm request | CPU µs per request (target ≤ 50) | wall µs per request | green share served |');
console.log('|---|---|---|---|');
for (const [name, label] of SCENARIOS) {
  for (const [variant] of variants) {
    const key = labelled(name, variant);
    const green = name === 'asset' ? '—' : `${(median(servedGreen[key]) * 100).toFixed(1)} %`;
    console.log(`| ${labelled(label, variant)} | ${describe(warm[key].map((r) => r.cpuMicrosPerRequest), 1)} `
      + `| ${describe(warm[key].map((r) => r.wallMicrosPerRequest), 1)} | ${green} |`);
  }
}
console.log('');
console.log('| cold start (fresh node per sample) | import of index.mjs, ms | first request, ms | import + first request, ms (target ≤ 20) | CPU of import + first request, ms | CPU of the background work the first request started, ms | node\'s own start before the import, ms |');
console.log('|---|---|---|---|---|---|---|');
for (const [name, label] of COLD) {
  for (const [variant] of variants) {
    const samples = cold[labelled(name, variant)];
    console.log(`| ${labelled(label, variant)} | ${median(samples.map((s) => s.importMs)).toFixed(1)} | ${median(samples.map((s) => s.firstRequestMs)).toFixed(1)} `
      + `| ${describe(samples.map((s) => s.importMs + s.firstRequestMs), 1)} `
      + `| ${describe(samples.map((s) => s.importCpuMs + s.firstRequestCpuMs), 1)} | ${median(samples.map((s) => s.backgroundCpuMs)).toFixed(1)} `
      + `| ${median(samples.map((s) => s.nodeStartMs)).toFixed(1)} |`);
  }
}
