// Fresh copies of the recorded fixtures, so a test may mutate what it is given.
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';

export const fixturePath = (name) => new URL(`../fixtures/${name}`, import.meta.url);

export const readFixture = (name) => JSON.parse(readFileSync(fixturePath(name), 'utf8'));

export function edgeConfig(origin = {}) {
  const config = readFixture('edge-config.json');
  config.origin = { ...config.origin, ...origin };
  return config;
}

export const requestOf = (event) => event.Records[0].cf.request;

/** A clock the test moves by hand. */
export function manualClock(start = 1_000_000) {
  let time = start;
  return { now: () => time, advance: (ms) => { time += ms; } };
}

export const silentLog = () => {};

/**
 * A schema-2 config of a release: green is the fixture's build, blue an older one with its own
 * consistent entry, and release points at lambdaEndpoint.
 */
export function releaseConfig(release = {}, origin = {}) {
  const config = edgeConfig(origin);
  config.schemaVersion = 2;
  const body = 'console.log("blue build 20261120-0000001");\n';
  config.builds.blue = {
    buildId: '20261120-0000001',
    entry: {
      contentType: 'application/javascript; charset=utf-8',
      sha256: createHash('sha256').update(body).digest('hex'),
      body,
      gzipBase64: gzipSync(body).toString('base64'),
    },
  };
  config.release = {
    functionName: 'edge-deploy-widget',
    alias: 'live',
    region: 'us-east-1',
    lambdaEndpoint: 'https://lambda.us-east-1.amazonaws.com',
    refreshSeconds: 10,
    aliasCacheSeconds: 2,
    ...release,
  };
  return config;
}

/** A CloudFront origin-request event for the entry path, from clientIp, with extra headers. */
export function entryEvent(clientIp = '203.0.113.178', headers = {}) {
  const event = readFixture('origin-request-entry.json');
  const request = requestOf(event);
  request.clientIp = clientIp;
  Object.assign(request.headers, headers);
  return event;
}

/** The name of the build an entry response serves. */
export const servedBuild = (response) => response.headers['edge-deploy-build'][0].value;
