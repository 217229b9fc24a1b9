// The sandbox's stand-in for the Lambda Node.js runtime: one warm execution environment.
// Protocol: one JSON line per invocation on stdin
//   {"id", "event", "context": {functionName, functionVersion, invokedFunctionArn, awsRequestId,
//    memoryLimitInMB, logGroupName, logStreamName, deadlineMs}}
// and one JSON line per result on the process's original stdout
//   {"id", "ok": true, "result", "log"} | {"id", "ok": false, "error": {errorType, errorMessage, trace}, "log"}.
// Function output (console.*, process.stdout) goes to stderr so it can never corrupt the protocol.
import dns from 'node:dns';
import { syncBuiltinESMExports } from 'node:module';
import { createInterface } from 'node:readline';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';

const protocolWrite = process.stdout.write.bind(process.stdout);
const logWrite = process.stderr.write.bind(process.stderr);
process.stdout.write = (chunk, ...rest) => logWrite(chunk, ...rest);

let currentLog = null;
let currentRequestId = null;
const LOG_CAPTURE_LIMIT = 64 * 1024;
function emitLog(level, args) {
  const line = `${new Date().toISOString()}\t${currentRequestId ?? 'undefined'}\t${level}\t${format(...args)}\n`;
  if (currentLog !== null && currentLog.length < LOG_CAPTURE_LIMIT) {
    currentLog += line;
  }
  logWrite(line);
}
console.log = (...args) => emitLog('INFO', args);
console.info = (...args) => emitLog('INFO', args);
console.warn = (...args) => emitLog('WARN', args);
console.error = (...args) => emitLog('ERROR', args);
console.debug = (...args) => emitLog('DEBUG', args);
console.trace = (...args) => emitLog('TRACE', args);

class RuntimeError extends Error {
  constructor(type, message) {
    super(message);
    this.errorType = type;
  }
}

// Lambda's handler string: "<module path>.<export path>", the module path may hold slashes.
async function loadHandler() {
  const taskRoot = process.env.LAMBDA_TASK_ROOT;
  const handlerString = process.env._HANDLER ?? '';
  const slash = handlerString.lastIndexOf('/');
  const dot = handlerString.indexOf('.', slash + 1);
  if (dot < 0) {
    throw new RuntimeError('Runtime.MalformedHandlerName', 'Bad handler');
  }
  const modulePath = handlerString.slice(0, dot);
  const exportPath = handlerString.slice(dot + 1);
  const file = ['.js', '.mjs', '.cjs']
    .map((extension) => join(taskRoot, modulePath + extension))
    .find((candidate) => existsSync(candidate));
  if (file === undefined) {
    throw new RuntimeError('Runtime.ImportModuleError',
      `Error: Cannot find module '${modulePath}'\nRequire stack:\n- /var/runtime/index.mjs`);
  }
  let module;
  try {
    module = await import(pathToFileURL(file).href);
  } catch (error) {
    const wrapped = new RuntimeError(error instanceof SyntaxError ? 'Runtime.UserCodeSyntaxError' : 'Runtime.ImportModuleError',
      `${error.name ?? 'Error'}: ${error.message}`);
    wrapped.stack = error.stack;
    throw wrapped;
  }
  let handler = exportPath.split('.').reduce((scope, key) => (scope == null ? undefined : scope[key]), module);
  if (handler === undefined && module.default !== undefined) {
    handler = exportPath.split('.').reduce((scope, key) => (scope == null ? undefined : scope[key]), module.default);
  }
  if (handler === undefined) {
    throw new RuntimeError('Runtime.HandlerNotFound', `${modulePath}.${exportPath} is undefined or not exported`);
  }
  if (typeof handler !== 'function') {
    throw new RuntimeError('Runtime.HandlerNotFound', `${modulePath}.${exportPath} is not a function`);
  }
  return handler;
}

function errorPayload(error) {
  if (error instanceof Error) {
    return {
      errorType: error.errorType ?? error.name ?? 'Error',
      errorMessage: error.message,
      trace: typeof error.stack === 'string' ? error.stack.split('\n') : [],
    };
  }
  return { errorType: typeof error, errorMessage: String(error), trace: [] };
}

function invokeHandler(handler, event, context) {
  return new Promise((resolve, reject) => {
    let settled = false;
    const callback = (error, result) => {
      if (settled) return;
      settled = true;
      if (error !== null && error !== undefined) reject(error); else resolve(result);
    };
    try {
      const returned = handler(event, context, callback);
      if (returned && typeof returned.then === 'function') {
        returned.then((value) => callback(null, value), (error) => callback(error ?? new Error('undefined')));
      } else if (handler.length < 3) {
        callback(null, returned);
      }
    } catch (error) {
      callback(error);
    }
  });
}

let handlerPromise = null;

// The init phase: Lambda loads the handler module before the first invocation, outside its timeout.
// A Lambda@Edge replica's environment resolves with its edge location's name server, set before the handler loads:
// what /etc/resolv.conf is to a real execution environment. dns.setServers replaces the default resolver and
// rebinds the CommonJS exports only; syncBuiltinESMExports makes `import { getServers } from 'node:dns'` see it too.
async function init(request) {
  let answer;
  try {
    if (request.resolver) {
      dns.setServers([request.resolver]);
      syncBuiltinESMExports();
    }
    handlerPromise ??= loadHandler();
    await handlerPromise;
    answer = { id: request.id, ok: true, result: null };
  } catch (error) {
    answer = { id: request.id, ok: false, error: errorPayload(error) };
  }
  protocolWrite(JSON.stringify(answer) + '\n');
}

async function run(request) {
  const { id, event, context: fields } = request;
  currentLog = '';
  currentRequestId = fields.awsRequestId;
  const context = {
    ...fields,
    memoryLimitInMB: String(fields.memoryLimitInMB),
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, fields.deadlineMs - Date.now()),
  };
  delete context.deadlineMs;
  let answer;
  try {
    handlerPromise ??= loadHandler();
    const handler = await handlerPromise;
    const result = await invokeHandler(handler, event, context);
    answer = { id, ok: true, result: result === undefined ? null : result };
  } catch (error) {
    answer = { id, ok: false, error: errorPayload(error) };
  }
  answer.log = currentLog;
  currentLog = null;
  currentRequestId = null;
  let line;
  try {
    line = JSON.stringify(answer);
  } catch (error) {
    line = JSON.stringify({ id, ok: false, error: errorPayload(error), log: answer.log });
  }
  protocolWrite(line + '\n');
}

// One invocation at a time, like a Lambda execution environment.
let queue = Promise.resolve();
const input = createInterface({ input: process.stdin, crlfDelay: Infinity });
input.on('line', (line) => {
  if (line.trim() === '') return;
  const request = JSON.parse(line);
  queue = queue.then(() => (request.init ? init(request) : run(request)));
});
input.on('close', () => queue.then(() => process.exit(0)));
