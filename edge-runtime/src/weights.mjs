// How an edge container learns the alias weights CodeDeploy shifts, at a bounded cost.
//
// CloudFront runs a numbered version, CodeDeploy moves only the alias: so every container asks
// us-east-1 what the alias says. It does not call GetAlias itself (a control-plane API with an
// account-wide 15 req/s quota that CodeDeploy's own UpdateAlias shares). It invokes the function
// in us-east-1 with {"edgeDeploy":"weights"} (data plane), at most once per refreshSeconds, and
// that regional invocation answers from a GetAlias cache of aliasCacheSeconds. With
// release.weightsBucket that cache is ONE S3 object shared by every regional container, so GetAlias
// runs about once per aliasCacheSeconds whatever the number of containers (benchmark P6); without
// it, or while S3 fails, each regional container keeps its own cache.

/** The payload of the regional "weights" invocation. */
export const WEIGHTS_REQUEST = Object.freeze({ edgeDeploy: 'weights' });

export const DEFAULT_REFRESH_SECONDS = 10;
export const DEFAULT_ALIAS_CACHE_SECONDS = 2;
/** Each interval is refreshSeconds × (1 ± JITTER), so containers started together spread out. */
export const JITTER = 0.2;

export const isWeightsRequest = (event) => event?.edgeDeploy === WEIGHTS_REQUEST.edgeDeploy;

/**
 * The alias state from a GetAlias answer:
 * {functionVersion, additionalVersion: string|null, weight: 0..1, fetchedAt}.
 */
export function aliasStateOf(getAliasAnswer, fetchedAt) {
  const functionVersion = getAliasAnswer?.FunctionVersion;
  if (typeof functionVersion !== 'string' || functionVersion === '') {
    throw new Error('GetAlias answered without a FunctionVersion');
  }
  const routing = Object.entries(getAliasAnswer.RoutingConfig?.AdditionalVersionWeights ?? {});
  const [additionalVersion, weight] = routing[0] ?? [null, 0];
  return { functionVersion, additionalVersion, weight: Number(weight), fetchedAt };
}

/** The alias state if answer is a well-formed one, otherwise null. */
function checkedState(answer) {
  if (typeof answer?.functionVersion !== 'string' || answer.functionVersion === '') return null;
  const { additionalVersion = null, weight } = answer;
  if (additionalVersion !== null && typeof additionalVersion !== 'string') return null;
  if (typeof weight !== 'number' || !(weight >= 0 && weight <= 1)) return null;
  return { functionVersion: answer.functionVersion, additionalVersion, weight, fetchedAt: answer.fetchedAt ?? null };
}

/**
 * The share of viewers that get the green build in a container running ownVersion:
 * - weights unknown, or own version unknown → 0 (never expose the candidate without its weight)
 * - the alias is shifting to this version (AdditionalVersion == own) → its weight
 * - the alias points at this version (FunctionVersion == own), shifting or not → 1: a shift
 *   away from it goes to a later version, whose containers serve their own blue (this green)
 * - anything else (rolled back, another release) → 0
 */
export function greenShare(aliasState, ownVersion) {
  if (!aliasState || ownVersion === undefined || ownVersion === null) return 0;
  const own = String(ownVersion);
  if (aliasState.additionalVersion === own) return aliasState.weight;
  if (aliasState.functionVersion === own) return 1;
  return 0;
}

/**
 * The regional side: answerWeights() resolves to the alias state, from a GetAlias answer at most
 * aliasCacheSeconds old. A failed GetAlias is remembered as long, so a throttled control plane is
 * not asked harder; concurrent invocations share one call.
 */
export function createWeightsAnswer(release, { getAlias, now = Date.now }) {
  const cacheMs = (release.aliasCacheSeconds ?? DEFAULT_ALIAS_CACHE_SECONDS) * 1000;
  let cached = null; // { state | error, expiresAt }
  let inFlight = null;

  async function fetchAlias() {
    const at = now();
    try {
      const state = aliasStateOf(await getAlias(release.functionName, release.alias), at);
      return { state, expiresAt: at + cacheMs };
    } catch (error) {
      return { error, expiresAt: at + cacheMs };
    }
  }

  return async function answerWeights() {
    if (!cached || now() >= cached.expiresAt) {
      inFlight ??= fetchAlias().then((entry) => {
        cached = entry;
        inFlight = null;
      });
      await inFlight;
    }
    if (cached.error) throw cached.error;
    return cached.state;
  };
}

/** Where the shared alias cache lives in the primary bucket. */
export const weightsObjectKey = (release) => `_edge-deploy/weights/${release.functionName}-${release.alias}.json`;

/** How long a claim to refresh the shared cache holds off other claimants (a dead winner lapses). */
export const CLAIM_SECONDS = 3;
/** How long a container that did not win the claim waits for the winner's fresh state before asking GetAlias itself. */
export const WAIT_FOR_WINNER_MS = 1_000;
/** How often it reads the object meanwhile. */
export const POLL_MS = 50;

const sleepFor = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The regional side with one cache shared through an S3 object {state, claimedUntil}:
 * - a container answers from its own copy for aliasCacheSeconds ÷ 2 after reading a fresh one;
 * - then it reads the object: a state younger than aliasCacheSeconds is the answer;
 * - stale and unclaimed: claim it with a conditional PUT (If-Match the ETag read, If-None-Match: *
 *   when absent). Only the winner calls GetAlias and writes the fresh state;
 * - stale and claimed by another (or the claim lost): read the object again every POLL_MS until the
 *   winner's fresh state is there, for at most WAIT_FOR_WINNER_MS (and no longer than the claim).
 * So no answer is older than aliasCacheSeconds, however long the object sat unread (traffic comes in
 * bursts: a state written a minute ago must not be answered as the current one).
 * Any S3 failure, or no fresh state in time, falls back to fallback() — the container's own GetAlias
 * cache; after an S3 failure S3 is not asked again for aliasCacheSeconds: a bucket problem never
 * blocks a rollback. dependencies: getAlias, objects ({get, put}, see s3-object-client.mjs),
 * fallback, now, sleep(ms), log.
 */
export function createSharedWeightsAnswer(release, { getAlias, objects, fallback, now = Date.now, sleep = sleepFor, log = (m) => console.warn(m) }) {
  const cacheMs = (release.aliasCacheSeconds ?? DEFAULT_ALIAS_CACHE_SECONDS) * 1000;
  const key = weightsObjectKey(release);
  let memo = null; // { state, until }
  let s3AvoidedUntil = -Infinity;
  let inFlight = null;

  const stored = (read) => {
    if (!read) return { state: null, claimedUntil: 0 };
    try {
      const parsed = JSON.parse(read.text);
      return { state: checkedState(parsed?.state), claimedUntil: Number(parsed?.claimedUntil) || 0 };
    } catch {
      return { state: null, claimedUntil: 0 };
    }
  };
  const fresh = (state) => state !== null && now() - state.fetchedAt < cacheMs;

  async function refresh(claimTag) {
    const state = aliasStateOf(await getAlias(release.functionName, release.alias), now());
    try {
      // Only over our own claim: if it lapsed and another container wrote meanwhile, its state stands.
      await objects.put(key, JSON.stringify({ state, claimedUntil: 0 }), claimTag ? { ifMatch: claimTag } : {});
    } catch (error) {
      log(`edge-deploy: could not share the fresh weights (${error?.message ?? error})`);
    }
    return state;
  }

  /** The winner's fresh state, or null when it did not come by until. */
  async function winnersState(until) {
    while (now() < until) {
      await sleep(POLL_MS);
      const { state } = stored(await objects.get(key));
      if (fresh(state)) return state;
    }
    return null;
  }

  async function fromSharedObject() {
    const read = await objects.get(key);
    const object = stored(read);
    if (fresh(object.state)) return object.state;
    const at = now();
    if (object.claimedUntil <= at) {
      const claim = JSON.stringify({ state: object.state, claimedUntil: at + CLAIM_SECONDS * 1000 });
      const claimTag = await objects.put(key, claim, read?.etag ? { ifMatch: read.etag } : { ifNoneMatch: '*' });
      if (claimTag !== null) return refresh(claimTag);
    }
    const claimEnds = object.claimedUntil > at ? object.claimedUntil : at + CLAIM_SECONDS * 1000;
    return winnersState(Math.min(claimEnds, at + WAIT_FOR_WINNER_MS));
  }

  async function answer() {
    if (now() >= s3AvoidedUntil) {
      try {
        const state = await fromSharedObject();
        if (state) {
          memo = { state, until: now() + cacheMs / 2 };
          return state;
        }
      } catch (error) {
        if (error?.name === 'S3CallError') {
          s3AvoidedUntil = now() + cacheMs;
          log(`edge-deploy: the shared weights object failed (${error.message}); asking GetAlias directly for ${cacheMs} ms`);
        } else {
          throw error; // GetAlias itself failed: the fallback would ask it again at once
        }
      }
    }
    return fallback();
  }

  return async function answerWeights() {
    if (memo && now() < memo.until) return memo.state;
    inFlight ??= answer().finally(() => {
      inFlight = null;
    });
    return inFlight;
  };
}

/**
 * The edge side. Returns {current(), settled()}:
 * - current() returns the last known alias state (null until one arrived) at once. When the
 *   last refresh started at least one jittered interval ago it starts another in the background;
 *   the request that triggered it does not wait for it.
 * - settled() resolves when the refresh under way (if any) has ended; for tests and shutdown.
 * dependencies: invokeWeights() → Promise<alias state> (required), now, random, log.
 * A failed or malformed answer keeps the last known state.
 */
export function createWeightsProbe(release, { invokeWeights, now = Date.now, random = Math.random, log = (m) => console.warn(m) }) {
  const intervalMs = (release.refreshSeconds ?? DEFAULT_REFRESH_SECONDS) * 1000;
  let known = null;
  let nextRefreshAt = -Infinity;
  let inFlight = null;

  function refresh() {
    nextRefreshAt = now() + intervalMs * (1 + JITTER * (2 * random() - 1));
    // Started at once (the call goes out during this request), awaited by nobody on the request path.
    inFlight = (async () => invokeWeights())()
      .then((answer) => {
        const state = checkedState(answer);
        if (state) known = state;
        else log('edge-deploy: the weights answer is malformed; keeping the last known weights');
      })
      .catch((error) => {
        log(`edge-deploy: weights refresh failed (${error?.message ?? error}); keeping the last known weights`);
      })
      .finally(() => {
        inFlight = null;
      });
  }

  return {
    current() {
      if (!inFlight && now() >= nextRefreshAt) refresh();
      return known;
    },
    settled() {
      return inFlight ?? Promise.resolve();
    },
  };
}
