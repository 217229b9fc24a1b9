// One measured process of P5, started fresh by p5-edge-handler.mjs for every sample. It imports
// nothing before it measures, so the handler's import pays for every module it loads, as in a
// fresh Lambda container.
//   node p5-handler-process.mjs <cold|warm> <scenario> <bundle dir> [requests]
// Prints one JSON line on stdout.
const [mode, scenario, bundleDir, requestCount = '20000'] = process.argv.slice(2);
const startedMs = performance.now(); // since the process began: node's own start, not ours
const cpuAtStart = process.cpuUsage();

const { handler } = await import(`file://${bundleDir}/index.mjs`);
const importedMs = performance.now();
const cpuAfterImport = process.cpuUsage(cpuAtStart);

// A viewer per request (distinct client addresses), as the edge sees them.
const clientIp = (i) => `198.51.${(i >> 8) & 255}.${i & 255}`;
const header = (key, value) => [{ key, value }];
function event(i) {
  const asset = scenario === 'asset';
  return {
    Records: [{
      cf: {
        config: { distributionDomainName: 'd111111abcdef8.cloudfront.net', distributionId: 'EDFDVBD6EXAMPLE', eventType: 'origin-request', requestId: `r${i}` },
        request: {
          clientIp: clientIp(i),
          method: 'GET',
          uri: asset ? '/assets/20261124-a1b2c3d/widget.7c2e9b.js' : '/assets/index.js',
          querystring: '',
          headers: {
            host: header('Host', 'b1.s3.us-east-1.amazonaws.com'),
            'user-agent': header('User-Agent', 'Amazon CloudFront'),
            via: header('Via', '2.0 2afae0d44e2540f472c0635ab62c232b.cloudfront.net (CloudFront)'),
            'x-forwarded-for': header('X-Forwarded-For', clientIp(i)),
            ...(scenario === 'entry-identity' ? {} : { 'accept-encoding': header('Accept-Encoding', asset ? 'br,gzip' : 'gzip') }),
          },
          origin: { s3: { authMethod: 'origin-access-identity', customHeaders: {}, domainName: 'b1.s3.us-east-1.amazonaws.com', path: '', region: 'us-east-1' } },
        },
      },
    }],
  };
}
const context = { functionVersion: '7', functionName: 'us-east-1.edge-deploy-widget' };
const served = (response) => response.headers?.['edge-deploy-build']?.[0]?.value ?? response.origin?.s3?.domainName ?? response.status;

const first = await handler(event(0), context);
const firstMs = performance.now();
const cpuAfterFirst = process.cpuUsage(cpuAtStart);
const cpuMs = (usage) => (usage.user + usage.system) / 1000;

if (mode === 'cold') {
  // What the first request started in the background (the weights probe: loading the Lambda
  // client, signing, the call) is CPU of the cold container too, spent after the response.
  await new Promise((resolve) => setTimeout(resolve, 300));
  const cpuSettled = process.cpuUsage(cpuAtStart);
  console.log(JSON.stringify({
    backgroundCpuMs: cpuMs(cpuSettled) - cpuMs(cpuAfterFirst),
    nodeStartMs: startedMs,
    importMs: importedMs - startedMs,
    firstRequestMs: firstMs - importedMs,
    importCpuMs: cpuMs(cpuAfterImport),
    firstRequestCpuMs: cpuMs(cpuAfterFirst) - cpuMs(cpuAfterImport),
    served: served(first),
  }));
  process.exit(0);
}

// Warm: let the background weights refresh the first request started come back (loopback), warm
// the JIT up, then time the requests. Events are built before the clock starts: the runtime parses
// each event into a fresh object, which is not the handler's cost.
await new Promise((resolve) => setTimeout(resolve, 300));
const n = Number(requestCount);
for (let i = 1; i <= 2000; i += 1) await handler(event(i), context);
const events = Array.from({ length: n }, (_, i) => event(10_000 + i));
const counts = {};
const wallStart = process.hrtime.bigint();
const cpuStart = process.cpuUsage();
for (const e of events) {
  const response = await handler(e, context);
  const name = served(response);
  counts[name] = (counts[name] ?? 0) + 1;
}
const cpu = process.cpuUsage(cpuStart);
const wallNs = Number(process.hrtime.bigint() - wallStart);
console.log(JSON.stringify({
  cpuMicrosPerRequest: (cpu.user + cpu.system) / n,
  wallMicrosPerRequest: wallNs / 1000 / n,
  served: counts,
}));
process.exit(0);
