// P5 profile: where a cold container's CPU goes before its first asset request is answered. A fresh
// node imports the extracted release bundle, then each module the first asset miss loads, one after
// the other, and reads process.cpuUsage() after each step (a module already loaded costs nothing the
// second time, so each figure is what that step adds).
//   node p5-import-profile.mjs --bundle=<extracted bundle dir> [--runs=3]
// Prints a Markdown table of CPU ms per step, median (runs); every run is a fresh node. The measured
// child imports nothing statically (node:child_process alone would load node:net and node:dgram).

const options = Object.fromEntries(process.argv.slice(2).map((arg) => {
  const [key, value = 'true'] = arg.replace(/^--/, '').split('=');
  return [key, value];
}));

const STEPS = [
  ['index.mjs (what an entry pays too)', (dir) => `${dir}/index.mjs`],
  ['node:dgram', () => 'node:dgram'],
  ['dns-txt-query (our TXT client; its own file in the bundle)', (dir, files) => `${dir}/${files.find((name) => name.startsWith('dns-txt-query'))}`],
  ['node:dns (only without origin.dnsServer, as on AWS)', () => 'node:dns'],
];

if (options.child) {
  const dir = options.bundle;
  const files = [options['dns-file']];
  const c0 = process.cpuUsage();
  let last = 0;
  const spent = [];
  const mark = () => {
    const c = process.cpuUsage(c0);
    const cpu = (c.user + c.system) / 1000;
    spent.push(cpu - last);
    last = cpu;
  };
  for (const [, specifier] of STEPS) {
    const target = specifier(dir, files);
    await import(target.startsWith('node:') ? target : `file://${target}`);
    mark();
  }
  const { createSocket } = await import('node:dgram');
  const socket = createSocket('udp4');
  await new Promise((resolve) => socket.bind(0, resolve));
  mark();
  socket.close();
  console.log(JSON.stringify(spent));
} else {
  if (!options.bundle) throw new Error('--bundle=<extracted bundle dir> is required');
  const { execFileSync } = await import('node:child_process');
  const { fileURLToPath } = await import('node:url');
  const { readdirSync } = await import('node:fs');
  const dnsFile = readdirSync(options.bundle).find((name) => name.startsWith('dns-txt-query'));
  const runs = Number(options.runs ?? 3);
  const samples = Array.from({ length: runs }, () => JSON.parse(execFileSync(process.execPath,
    [fileURLToPath(import.meta.url), '--child', `--bundle=${options.bundle}`, `--dns-file=${dnsFile}`], { encoding: 'utf8' })));
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  console.log('| step | CPU ms, median (runs) |');
  console.log('|---|---|');
  [...STEPS.map(([name]) => name), 'the first UDP socket bound'].forEach((name, i) => {
    const values = samples.map((sample) => sample[i]);
    console.log(`| ${name} | ${median(values).toFixed(1)} (${values.map((v) => v.toFixed(1)).join(', ')}) |`);
  });
}
