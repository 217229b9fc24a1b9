// A CodeDeploy lifecycle hook as SAM recommends writing one: it reports its own result with
// PutLifecycleEventHookExecutionStatus, signed with SigV4 from the execution role's credentials (no SDK needed).
import { createHash, createHmac } from 'node:crypto';

const sha256 = (text) => createHash('sha256').update(text).digest('hex');
const hmac = (key, text) => createHmac('sha256', key).update(text).digest();

export const handler = async (event) => {
  const endpoint = new URL(process.env.CODEDEPLOY_ENDPOINT);
  const region = process.env.AWS_REGION;
  const body = JSON.stringify({
    deploymentId: event.DeploymentId,
    lifecycleEventHookExecutionId: event.LifecycleEventHookExecutionId,
    status: process.env.HOOK_STATUS,
  });
  const amzDate = new Date().toISOString().replace(/[:-]|\.\d{3}/g, '');
  const date = amzDate.slice(0, 8);
  const headers = {
    'content-type': 'application/x-amz-json-1.1',
    host: endpoint.host,
    'x-amz-date': amzDate,
    'x-amz-target': 'CodeDeploy_20141006.PutLifecycleEventHookExecutionStatus',
  };
  if (process.env.AWS_SESSION_TOKEN) {
    headers['x-amz-security-token'] = process.env.AWS_SESSION_TOKEN;
  }
  const names = Object.keys(headers).sort();
  const canonical = ['POST', '/', '', names.map((name) => `${name}:${headers[name]}\n`).join(''),
    names.join(';'), sha256(body)].join('\n');
  const scope = `${date}/${region}/codedeploy/aws4_request`;
  let key = hmac(`AWS4${process.env.AWS_SECRET_ACCESS_KEY}`, date);
  for (const part of [region, 'codedeploy', 'aws4_request']) {
    key = hmac(key, part);
  }
  const signature = createHmac('sha256', key)
    .update(['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n')).digest('hex');
  const { host, ...sent } = headers;
  sent.authorization = `AWS4-HMAC-SHA256 Credential=${process.env.AWS_ACCESS_KEY_ID}/${scope}, `
    + `SignedHeaders=${names.join(';')}, Signature=${signature}`;
  const response = await fetch(endpoint, { method: 'POST', headers: sent, body });
  if (!response.ok) {
    throw new Error(`PutLifecycleEventHookExecutionStatus answered ${response.status}: ${await response.text()}`);
  }
  return response.json();
};
