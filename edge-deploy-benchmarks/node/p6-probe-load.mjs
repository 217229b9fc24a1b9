// P6: Lambda control-plane calls (GetAlias) per second while a shift runs, at 1,000 and 10,000 edge
// containers, on a virtual clock. Every edge container runs the runtime's own weights probe
// (createWeightsProbe: jittered T, single flight); every regional container of the probed function
// runs the runtime's own regional answer (createWeightsAnswer: GetAlias cached aliasCacheSeconds,
// one cache PER regional container). The regional function is modelled as Lambda runs it: one
// invocation at a time per container, a new (cold) container whenever none is idle, containers kept
// for the whole window. Compared with the naive design in the same run: every edge container calls
// GetAlias itself every T (the same probe, with GetAlias as its call). The design as built
// ('shared', release.weightsBucket set) runs the runtime's createSharedWeightsAnswer: the regional
// containers share one cache, a small S3 object in the primary bucket, and only the container that
// wins a conditional write per aliasCacheSeconds calls GetAlias (see docs/benchmarks.md, P6). The
// 'probe' design is the runtime without a weights bucket (and its fallback while S3 fails): one
// GetAlias cache PER regional container.
//
//   node p6-probe-load.mjs [--edge=1000,10000] [--runs=3] [--seconds=300] [--ramp-seconds=120] [--warmup=150]
//     [--invoke-ms=2] [--get-alias-ms=50] [--cold-start-ms=250] [--rtt-ms=20..250]
//     [--requests-per-second=1] [--policies=spread,pack] [--refresh-seconds=10] [--alias-cache-seconds=2]
//
// Prints Markdown tables on stdout. Only the machine's node; no dependency.
import { createSharedWeightsAnswer, createWeightsAnswer, createWeightsProbe, aliasStateOf } from '../../edge-runtime/src/weights.mjs';

const options = Object.fromEntries(process.argv.slice(2).map((arg) => {
  const [key, value = 'true'] = arg.replace(/^--/, '').split('=');
  return [key, value];
}));
const list = (text) => text.split(',').filter(Boolean);
const EDGE_COUNTS = list(options.edge ?? '1000,10000').map(Number);
const RUNS = Number(options.runs ?? 3);
const SECONDS = Number(options.seconds ?? 300);
// Edge containers appear over rampSeconds (as CloudFront brings the new version to its locations),
// so the regional pool grows with the load as Lambda would grow it; counting starts warmup s later.
const RAMP = Number(options['ramp-seconds'] ?? 120);
const WARMUP = Number(options.warmup ?? RAMP + 30);
const INVOKE_MS = list(options['invoke-ms'] ?? '2').map(Number);
const GET_ALIAS_MS = Number(options['get-alias-ms'] ?? 50);
const COLD_START_MS = Number(options['cold-start-ms'] ?? 250);
const [RTT_MIN, RTT_MAX] = (options['rtt-ms'] ?? '20..250').split('..').map(Number);
const REQUESTS_PER_SECOND = Number(options['requests-per-second'] ?? 1);
const POLICIES = list(options.policies ?? 'spread,pack');
const S3_MS = Number(options['s3-ms'] ?? 15);
const DESIGNS = list(options.designs ?? 'naive,probe,shared');
const RELEASE = {
  functionName: 'edge-deploy-widget',
  alias: 'live',
  refreshSeconds: Number(options['refresh-seconds'] ?? 10),
  aliasCacheSeconds: Number(options['alias-cache-seconds'] ?? 2),
};

/** A seeded generator (mulberry32), so a run is reproducible and runs differ only by seed. */
function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The virtual clock and its event queue (a binary heap on time, then insertion order). */
function createSimulation() {
  let now = 0;
  let sequence = 0;
  const heap = [];
  const before = (a, b) => a.at < b.at || (a.at === b.at && a.seq < b.seq);
  function push(event) {
    heap.push(event);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i], heap[parent])) break;
      [heap[i], heap[parent]] = [heap[parent], heap[i]];
      i = parent;
    }
  }
  function pop() {
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let smallest = i;
        if (l < heap.length && before(heap[l], heap[smallest])) smallest = l;
        if (r < heap.length && before(heap[r], heap[smallest])) smallest = r;
        if (smallest === i) break;
        [heap[i], heap[smallest]] = [heap[smallest], heap[i]];
        i = smallest;
      }
    }
    return top;
  }
  // Promise callbacks of the runtime code run between events; setImmediate runs after the whole
  // microtask queue has drained, so every chain an event started has settled at that event's time.
  const drain = () => new Promise((resolve) => setImmediate(resolve));
  return {
    now: () => now,
    /** action() runs at the given virtual time; settles: whether it may resolve runtime promises. */
    at(time, action, settles = true) {
      push({ at: time, seq: sequence++, action, settles });
    },
    async runUntil(end) {
      while (heap.length > 0 && heap[0].at <= end) {
        const event = pop();
        now = event.at;
        event.action();
        if (event.settles) await drain();
      }
      now = end;
    },
  };
}

/** What alias `live` says: a canary step at 10 % until changeAt, then 20 %. */
function aliasAt(time, changeAt) {
  return time < changeAt
    ? { FunctionVersion: '6', RoutingConfig: { AdditionalVersionWeights: { 7: 0.1 } } }
    : { FunctionVersion: '6', RoutingConfig: { AdditionalVersionWeights: { 7: 0.2 } } };
}

/**
 * One simulated window. design: 'probe' (the runtime's design) or 'naive'. Returns per-second
 * GetAlias counts over the measured window, Invokes, regional containers and how long the alias
 * change took to reach every edge container.
 */
async function simulate({ edgeCount, design, policy, invokeMs, seed }) {
  const sim = createSimulation();
  const random = seeded(seed);
  const start = WARMUP * 1000;
  const end = start + SECONDS * 1000;
  const changeAt = start + Math.floor(SECONDS / 2) * 1000;
  const getAliasPerSecond = new Array(SECONDS).fill(0);
  let invokes = 0;
  let coldStarts = 0;

  /** The control plane: counted when the call reaches it, answered getAliasMs later. */
  function getAlias() {
    const at = sim.now();
    if (at >= start && at < end) getAliasPerSecond[Math.floor((at - start) / 1000)] += 1;
    return new Promise((resolve) => {
      sim.at(at + GET_ALIAS_MS, () => resolve(aliasAt(at + GET_ALIAS_MS / 2, changeAt)));
    });
  }

  // The shipped design with release.weightsBucket: every regional container runs the runtime's own
  // createSharedWeightsAnswer over one simulated S3 object (GET, conditional PUT with AWS's
  // semantics: If-Match → 412 unless the ETag is current, If-None-Match: * → 412 when it exists),
  // each S3 call taking s3Ms; its fallback is the runtime's own per-container cache.
  let s3Gets = 0;
  let s3Puts = 0;
  const shared = { etag: null, text: null, version: 0 };
  const s3 = (put, apply) => new Promise((resolve) => {
    if (sim.now() >= start && sim.now() < end) {
      if (put) s3Puts += 1;
      else s3Gets += 1;
    }
    sim.at(sim.now() + S3_MS, () => resolve(apply()));
  });
  const objects = {
    get: () => s3(false, () => (shared.etag === null ? null : { text: shared.text, etag: shared.etag })),
    put: (key, text, condition) => s3(true, () => {
      if (condition?.ifMatch !== undefined && condition.ifMatch !== shared.etag) return null;
      if (condition?.ifNoneMatch === '*' && shared.etag !== null) return null;
      shared.version += 1;
      shared.etag = `"${shared.version}"`;
      shared.text = text;
      return shared.etag;
    }),
  };
  function createSharedAnswer() {
    const fallback = createWeightsAnswer(RELEASE, { getAlias, now: sim.now });
    return createSharedWeightsAnswer({ ...RELEASE, weightsBucket: 'edge-deploy-primary' }, {
      getAlias, objects, fallback, now: sim.now, sleep: (ms) => new Promise((resolve) => sim.at(sim.now() + ms, resolve)), log: () => {},
    });
  }

  // The regional function: idle containers, each with its own GetAlias cache (the runtime's).
  const containers = [];
  const idle = [];
  function takeContainer() {
    if (idle.length === 0) {
      coldStarts += 1;
      const answerWeights = design === 'shared' ? createSharedAnswer() : createWeightsAnswer(RELEASE, { getAlias, now: sim.now });
      const container = { answerWeights, cold: true };
      containers.push(container);
      return container;
    }
    if (policy === 'pack') return idle.pop(); // the most recently freed container takes the invocation
    const i = Math.floor(random() * idle.length); // any idle container, at random
    const container = idle[i];
    idle[i] = idle[idle.length - 1];
    idle.pop();
    return container;
  }
  function invokeRegional(rttMs) {
    const sent = sim.now();
    return new Promise((resolve, reject) => {
      sim.at(sent + rttMs / 2, () => {
        if (sim.now() >= start && sim.now() < end) invokes += 1;
        const container = takeContainer();
        const busyFor = (container.cold ? COLD_START_MS : 0) + invokeMs;
        container.cold = false;
        sim.at(sim.now() + busyFor, () => {
          container.answerWeights().then(
            (state) => {
              idle.push(container);
              sim.at(sim.now() + rttMs / 2, () => resolve(state));
            },
            (error) => {
              idle.push(container);
              sim.at(sim.now() + rttMs / 2, () => reject(error));
            },
          );
        });
      }, false);
    });
  }

  // The edge containers: requests at random (Poisson) times, each calling the probe's current().
  const learnedAt = new Array(edgeCount).fill(null);
  for (let c = 0; c < edgeCount; c += 1) {
    const rttMs = RTT_MIN + random() * (RTT_MAX - RTT_MIN);
    const invokeWeights = design === 'naive'
      ? () => {
        // The naive container calls GetAlias itself (one trip to us-east-1 and back).
        const sent = sim.now();
        return new Promise((resolve, reject) => {
          sim.at(sent + rttMs / 2, () => {
            getAlias().then((answer) => sim.at(sim.now() + rttMs / 2, () => resolve(aliasStateOf(answer, sent))), reject);
          }, false);
        });
      }
      : () => invokeRegional(rttMs);
    const probe = createWeightsProbe(RELEASE, {
      invokeWeights: () => invokeWeights().then((state) => {
        if (learnedAt[c] === null && state.weight === 0.2) learnedAt[c] = sim.now();
        return state;
      }),
      now: sim.now,
      random,
      log: () => {},
    });
    const nextRequest = () => {
      probe.current();
      sim.at(sim.now() - Math.log(1 - random()) * 1000 / REQUESTS_PER_SECOND, nextRequest, false);
    };
    sim.at(random() * RAMP * 1000, nextRequest, false);
  }

  await sim.runUntil(end);
  const reach = learnedAt.map((at) => (at === null ? Infinity : (at - changeAt) / 1000)).sort((a, b) => a - b);
  return {
    getAliasPerSecond,
    invokesPerSecond: invokes / SECONDS,
    s3GetsPerSecond: s3Gets / SECONDS,
    s3PutsPerSecond: s3Puts / SECONDS,
    regionalContainers: containers.length,
    coldStarts,
    reachMedian: reach[Math.floor(reach.length / 2)],
    reachMax: reach[reach.length - 1],
  };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  return n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
};
const fmt = (value, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '—');
const describe = (values, digits = 1) => `${fmt(median(values), digits)} (${values.map((v) => fmt(v, digits)).join(', ')})`;
const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};

const configurations = [];
for (const edgeCount of EDGE_COUNTS) {
  if (DESIGNS.includes('naive')) configurations.push({ edgeCount, design: 'naive', policy: '—', invokeMs: null });
  for (const design of DESIGNS.filter((d) => d !== 'naive')) {
    for (const invokeMs of INVOKE_MS) {
      for (const policy of POLICIES) configurations.push({ edgeCount, design, policy, invokeMs });
    }
  }
}
const results = configurations.map(() => []);
// Interleaved: every configuration once per round, rounds differing by seed.
for (let run = 0; run < RUNS; run += 1) {
  for (const [i, configuration] of configurations.entries()) {
    const began = Date.now();
    const result = await simulate({ ...configuration, seed: 1000 + run });
    results[i].push(result);
    process.stderr.write(`[P6] run ${run + 1}/${RUNS} ${JSON.stringify(configuration)}: `
      + `${fmt(result.getAliasPerSecond.reduce((a, b) => a + b, 0) / SECONDS, 2)} GetAlias/s, `
      + `${result.regionalContainers} regional containers (${((Date.now() - began) / 1000).toFixed(1)} s)\n`);
  }
}

console.log(`Edge containers start at random over ${RAMP} s; virtual window ${SECONDS} s after ${WARMUP} s; T = ${RELEASE.refreshSeconds} s (±20 %), `
  + `aliasCacheSeconds = ${RELEASE.aliasCacheSeconds}; each edge container gets ${REQUESTS_PER_SECOND} request/s (Poisson); `
  + `edge → us-east-1 round trip ${RTT_MIN}–${RTT_MAX} ms (uniform per container); GetAlias ${GET_ALIAS_MS} ms; `
  + `regional invocation busy ${INVOKE_MS.join(' or ')} ms (+ the GetAlias wait on a cache miss, + ${COLD_START_MS} ms on a cold start); `
  + `alias weight 10 % → 20 % in the middle of the window; S3 GET/PUT ${S3_MS} ms (shared design); ${RUNS} runs (seeds), median (runs).`);
console.log('');
console.log('| edge containers | design | regional container chosen | invocation busy | GetAlias/s mean | GetAlias/s p99 of 1-s windows | GetAlias/s max | Invokes/s | regional containers | S3 GET/s, PUT/s | weight change reached all edge containers after (median / max) |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
const DESIGN_NAMES = {
  naive: 'naive: each container calls GetAlias every T',
  probe: 'edge-deploy without release.weightsBucket (and its S3 fallback): Invoke, GetAlias cache per regional container',
  shared: 'edge-deploy as built: Invoke, one GetAlias cache shared through S3, GetAlias by the conditional-write winner',
};
for (const [i, c] of configurations.entries()) {
  const runs = results[i];
  const mean = runs.map((r) => r.getAliasPerSecond.reduce((a, b) => a + b, 0) / SECONDS);
  const p99 = runs.map((r) => quantile(r.getAliasPerSecond, 0.99));
  const max = runs.map((r) => Math.max(...r.getAliasPerSecond));
  console.log(`| ${c.edgeCount.toLocaleString('en-US')} | ${DESIGN_NAMES[c.design]} `
    + `| ${c.policy === 'pack' ? 'most recently freed' : c.policy === 'spread' ? 'any idle, at random' : '—'} `
    + `| ${c.invokeMs === null ? '—' : `${c.invokeMs} ms`} `
    + `| ${describe(mean, 2)} | ${fmt(median(p99), 0)} | ${fmt(median(max), 0)} `
    + `| ${c.design === 'naive' ? '0' : fmt(median(runs.map((r) => r.invokesPerSecond)), 0)} `
    + `| ${c.design === 'naive' ? '—' : describe(runs.map((r) => r.regionalContainers), 0)} `
    + `| ${c.design === 'shared' ? `${fmt(median(runs.map((r) => r.s3GetsPerSecond)), 1)}, ${fmt(median(runs.map((r) => r.s3PutsPerSecond)), 2)}` : '—'} `
    + `| ${fmt(median(runs.map((r) => r.reachMedian)), 1)} s / ${fmt(median(runs.map((r) => r.reachMax)), 1)} s |`);
}
