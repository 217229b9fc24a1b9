// The release path end to end through index.handler, as Lambda loads it: a bundle directory
// whose schema-2 config points lambdaEndpoint at a local server playing the Lambda API. The
// server answers Invoke by running the same handler (the regional "weights" invocation), which
// calls GetAlias on it. Only Date is mocked: the refresh interval is crossed by moving the clock,
// never by sleeping.
import { mock, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { viewerPosition } from '../src/entry-response.mjs';
import { TEST_CREDENTIALS, aliasAnswer, startLambdaServer } from './support/lambda-server.mjs';
import { entryEvent, releaseConfig, servedBuild } from './support/fixtures.mjs';

const sourceDirectory = fileURLToPath(new URL('../src/', import.meta.url));
const OWN_VERSION = '7';
// Mocking Date alone needs Node 20.11+ (Lambda runs nodejs22.x; the build accepts 18+).
const dateMockable = (() => {
  try {
    mock.timers.enable({ apis: ['Date'] });
    return true;
  } catch {
    return false;
  } finally {
    mock.timers.reset();
  }
})();
const context = { functionName: 'us-east-1.edge-deploy-widget', functionVersion: OWN_VERSION };

test('index.handler follows the alias: blue until the weights arrive, no Lambda call while fresh, one refresh after T', { skip: !dateMockable && 'mocking Date needs Node 20.11+' }, async (t) => {
  t.mock.timers.enable({ apis: ['Date'], now: Date.UTC(2026, 10, 24, 12, 0, 0) });
  let alias = aliasAnswer('6', OWN_VERSION, 0.5);
  let handler;
  const server = await startLambdaServer({
    invoke: ({ qualifier, payload }) => {
      assert.equal(qualifier, OWN_VERSION, 'the edge invokes its own version in us-east-1');
      return handler(payload, { functionName: 'edge-deploy-widget', functionVersion: qualifier });
    },
    alias: () => alias,
  });
  const bundle = mkdtempSync(join(tmpdir(), 'edge-release-bundle-'));
  const environment = { ...process.env };
  t.after(async () => {
    process.env = environment;
    rmSync(bundle, { recursive: true, force: true });
    await server.close();
  });
  process.env.AWS_ACCESS_KEY_ID = TEST_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = TEST_CREDENTIALS.secretAccessKey;
  process.env.AWS_SESSION_TOKEN = TEST_CREDENTIALS.sessionToken;
  for (const name of readdirSync(sourceDirectory)) cpSync(join(sourceDirectory, name), join(bundle, name));
  const config = releaseConfig({ lambdaEndpoint: server.endpoint, refreshSeconds: 10, aliasCacheSeconds: 2 });
  writeFileSync(join(bundle, 'edge-config.json'), JSON.stringify(config));
  ({ handler } = await import(pathToFileURL(join(bundle, 'index.mjs')).href));

  const { green, blue } = config.builds;
  const canary = ['198.51.100.1', '198.51.100.2', '198.51.100.3', '198.51.100.4', '198.51.100.5']
    .find((ip) => viewerPosition(green.buildId, ip) < 0.5);
  const other = ['198.51.100.6', '198.51.100.7', '198.51.100.8', '198.51.100.9', '198.51.100.10']
    .find((ip) => viewerPosition(green.buildId, ip) >= 0.5);
  const serve = async (ip) => servedBuild(await handler(entryEvent(ip), context));
  /** Requests (real time passes, the mocked clock does not) until the canary gets `expected`. */
  async function untilCanaryGets(expected) {
    for (let attempt = 0; attempt < 250; attempt += 1) {
      if ((await serve(canary)) === expected) return;
      await sleep(20);
    }
    assert.fail(`the canary never got ${expected}`);
  }

  assert.equal(await serve(canary), blue.buildId, 'nothing known yet: blue');
  await untilCanaryGets(green.buildId);
  assert.equal(await serve(other), blue.buildId, 'the other half stays blue at weight 0.5');
  assert.equal(server.count('Invoke'), 1);
  assert.equal(server.count('GetAlias'), 1);

  for (let i = 0; i < 50; i += 1) await serve(i % 2 ? canary : other);
  t.mock.timers.tick(7_900);
  for (let i = 0; i < 50; i += 1) await serve(i % 2 ? canary : other);
  await sleep(50);
  assert.equal(server.count('Invoke'), 1, 'no Lambda call on the request path while the weights are fresh (< 0.8 T)');

  alias = aliasAnswer('6'); // CodeDeploy rolled back
  t.mock.timers.tick(4_100); // 12 s: past the longest jittered interval
  assert.equal(await serve(canary), green.buildId, 'the refresh runs in the background: this request still has the old weights');
  await untilCanaryGets(blue.buildId);
  assert.equal(server.count('Invoke'), 2, 'exactly one refresh after T');
  assert.equal(server.count('GetAlias'), 2);
});
