// Fresh copies of the recorded fixtures, so a test may mutate what it is given.
import { readFileSync } from 'node:fs';

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
