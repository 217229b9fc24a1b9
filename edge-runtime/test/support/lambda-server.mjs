// A local node:http server that plays the two Lambda API calls the runtime makes. It checks each
// request's SigV4 Authorization: its shape, that every signed header reached the wire, and that
// the signature verifies against the request as received (so a header changed in transit, a
// host signed without its port or a body that differs would all be refused with 403).
import { createServer } from 'node:http';
import { signRequest } from '../../src/aws-signature.mjs';

export const TEST_CREDENTIALS = Object.freeze({
  accessKeyId: 'AKIDEDGETEST',
  secretAccessKey: 'edge-test-secret-key',
  sessionToken: 'edge-test-session-token',
});

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([a-z0-9-]+)\/lambda\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/;

function verify(request, body, port) {
  const authorization = request.headers.authorization ?? '';
  const match = AUTHORIZATION.exec(authorization);
  if (!match) return `malformed authorization: ${authorization}`;
  const [, accessKeyId, day, region, signedHeaderList] = match;
  if (accessKeyId !== TEST_CREDENTIALS.accessKeyId) return `unknown access key ${accessKeyId}`;
  const signedHeaders = signedHeaderList.split(';');
  for (const required of ['host', 'x-amz-date', 'x-amz-security-token']) {
    if (!signedHeaders.includes(required)) return `${required} is not signed`;
  }
  if (request.headers['x-amz-security-token'] !== TEST_CREDENTIALS.sessionToken) return 'wrong session token';
  const date = request.headers['x-amz-date'] ?? '';
  if (!/^\d{8}T\d{6}Z$/.test(date) || date.slice(0, 8) !== day) return `x-amz-date ${date} does not match the scope`;
  const headers = {};
  for (const name of signedHeaders) {
    if (name === 'host') continue;
    if (request.headers[name] === undefined) return `signed header ${name} is not on the wire`;
    headers[name] = request.headers[name];
  }
  delete headers['x-amz-date'];
  delete headers['x-amz-security-token'];
  const expected = signRequest(
    { method: request.method, url: `http://${request.headers.host}${request.url}`, headers, body },
    { service: 'lambda', region, credentials: TEST_CREDENTIALS, time: Date.parse(date.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z')) },
  );
  if (expected.headers.authorization !== authorization) return 'signature does not verify';
  if (request.headers.host !== `127.0.0.1:${port}`) return `host ${request.headers.host}`;
  return null;
}

/**
 * Starts the server. routes: {invoke({functionName, qualifier, payload}) → result (throw for a
 * function error), alias({functionName, alias}) → GetAlias JSON}. Returns {endpoint, calls,
 * close()}; calls lists every request as {action, functionName, qualifier|alias, payload}.
 */
export async function startLambdaServer(routes) {
  const calls = [];
  let port;
  const server = createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const send = (status, value, headers = {}) => {
        response.writeHead(status, { 'content-type': 'application/json', ...headers });
        response.end(JSON.stringify(value));
      };
      const refusal = verify(request, body, port);
      if (refusal) return send(403, { message: refusal });
      const url = new URL(request.url, 'http://localhost');
      const invocation = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(url.pathname);
      const alias = /^\/2015-03-31\/functions\/([^/]+)\/aliases\/([^/]+)$/.exec(url.pathname);
      try {
        if (request.method === 'POST' && invocation) {
          const call = { action: 'Invoke', functionName: invocation[1], qualifier: url.searchParams.get('Qualifier'), payload: JSON.parse(body) };
          calls.push(call);
          try {
            return send(200, await routes.invoke(call));
          } catch (error) {
            return send(200, { errorMessage: error.message, errorType: 'Error' }, { 'x-amz-function-error': 'Unhandled' });
          }
        }
        if (request.method === 'GET' && alias) {
          const call = { action: 'GetAlias', functionName: alias[1], alias: alias[2] };
          calls.push(call);
          return send(200, await routes.alias(call));
        }
        return send(404, { message: `no route ${request.method} ${url.pathname}` });
      } catch (error) {
        return send(500, { message: error.message });
      }
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = server.address().port;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    count: (action) => calls.filter((call) => call.action === action).length,
    close: () => new Promise((resolve) => {
      server.closeAllConnections?.();
      server.close(resolve);
    }),
  };
}

/** A GetAlias answer: live → version, shifting weight to additionalVersion when given. */
export function aliasAnswer(functionVersion, additionalVersion = null, weight = 0) {
  return {
    AliasArn: 'arn:aws:lambda:us-east-1:123456789012:function:edge-deploy-widget:live',
    Name: 'live',
    FunctionVersion: functionVersion,
    RevisionId: '00000000-0000-0000-0000-000000000000',
    ...(additionalVersion ? { RoutingConfig: { AdditionalVersionWeights: { [additionalVersion]: weight } } } : {}),
  };
}
