// A minimal DNS client for one TXT question over UDP. It exists because node:dns
// resolveTxt does not report the record's TTL, and the origin redirect must cache the
// nearest-region answer exactly as long as Route53 says.
import { createSocket } from 'node:dgram';
import { randomInt } from 'node:crypto';

const TYPE_TXT = 16;
const CLASS_IN = 1;
const RCODE_NAMES = { 1: 'FORMERR', 2: 'SERVFAIL', 3: 'NXDOMAIN', 4: 'NOTIMP', 5: 'REFUSED' };

export class DnsQueryError extends Error {
  constructor(code, message) {
    super(message);
    this.name = 'DnsQueryError';
    this.code = code;
  }
}

/**
 * An IPv6 address has two colons at least, "host" and "host:port" one at most. (node:net's isIPv6
 * compiles a large regular expression on its first call: 6.7 ms of a cold container's first asset
 * request, benchmark P5.)
 */
const looksLikeIpv6 = (text) => text.indexOf(':') !== text.lastIndexOf(':');

/** Parses "host", "host:port", "ipv6" or "[ipv6]:port" (the forms of dns.getServers()). */
export function parseDnsServer(text) {
  if (typeof text !== 'string' || text.length === 0) {
    throw new DnsQueryError('BADSERVER', `no DNS server given (${JSON.stringify(text)})`);
  }
  let host = text;
  let port = 53;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (bracketed) {
    host = bracketed[1];
    if (bracketed[2] !== undefined) port = Number(bracketed[2]);
  } else if (!looksLikeIpv6(text)) {
    const colon = text.lastIndexOf(':');
    if (colon >= 0) {
      host = text.slice(0, colon);
      port = /^\d+$/.test(text.slice(colon + 1)) ? Number(text.slice(colon + 1)) : NaN;
    }
  }
  if (host.length === 0 || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new DnsQueryError('BADSERVER', `invalid DNS server "${text}" (expected host:port)`);
  }
  return { host, port };
}

export function encodeTxtQuery(id, name) {
  const labels = name.replace(/\.$/, '').split('.');
  const parts = [Buffer.from([id >> 8, id & 0xff, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0])];
  for (const label of labels) {
    const bytes = Buffer.from(label, 'ascii');
    if (bytes.length === 0 || bytes.length > 63) {
      throw new DnsQueryError('BADNAME', `invalid DNS name "${name}"`);
    }
    parts.push(Buffer.from([bytes.length]), bytes);
  }
  parts.push(Buffer.from([0, 0, TYPE_TXT, 0, CLASS_IN]));
  return Buffer.concat(parts);
}

/**
 * Reads the answer to encodeTxtQuery(id, name): the first TXT record's character-strings
 * joined, and its TTL in seconds. Throws DnsQueryError for anything else.
 */
export function parseTxtResponse(message, id, name) {
  const malformed = (why) => new DnsQueryError('MALFORMED', `malformed DNS answer: ${why}`);
  const need = (offset, length) => {
    if (offset + length > message.length) throw malformed('truncated message');
  };
  need(0, 12);
  if (message.readUInt16BE(0) !== id) throw malformed('id mismatch');
  const flags = message.readUInt16BE(2);
  if ((flags & 0x8000) === 0) throw malformed('not a response');
  if (flags & 0x0200) throw new DnsQueryError('TRUNCATED', 'DNS answer truncated (TC bit set)');
  const rcode = flags & 0x000f;
  if (rcode !== 0) {
    const code = RCODE_NAMES[rcode] ?? `RCODE${rcode}`;
    throw new DnsQueryError(code, `DNS answered ${code} for ${name}`);
  }
  const questions = message.readUInt16BE(4);
  const answers = message.readUInt16BE(6);
  if (questions !== 1) throw malformed(`expected 1 question, got ${questions}`);

  // Returns [name, offset after the name]; follows compression pointers, guarding loops.
  const readName = (start) => {
    const labels = [];
    let offset = start;
    let end = -1;
    for (let jumps = 0; ; ) {
      need(offset, 1);
      const length = message[offset];
      if (length === 0) {
        if (end < 0) end = offset + 1;
        return [labels.join('.'), end];
      }
      if ((length & 0xc0) === 0xc0) {
        need(offset, 2);
        if (end < 0) end = offset + 2;
        if (++jumps > 32) throw malformed('compression loop');
        offset = message.readUInt16BE(offset) & 0x3fff;
      } else if ((length & 0xc0) !== 0) {
        throw malformed('bad label');
      } else {
        need(offset + 1, length);
        labels.push(message.toString('latin1', offset + 1, offset + 1 + length));
        offset += 1 + length;
      }
    }
  };

  const [questionName, afterName] = readName(12);
  need(afterName, 4);
  if (questionName.toLowerCase() !== name.replace(/\.$/, '').toLowerCase()) {
    throw malformed(`answer is for "${questionName}"`);
  }
  let offset = afterName + 4;
  for (let i = 0; i < answers; i++) {
    offset = readName(offset)[1];
    need(offset, 10);
    const type = message.readUInt16BE(offset);
    const klass = message.readUInt16BE(offset + 2);
    const ttl = message.readUInt32BE(offset + 4) & 0x7fffffff; // RFC 2181: top bit set means 0
    const length = message.readUInt16BE(offset + 8);
    offset += 10;
    need(offset, length);
    if (type === TYPE_TXT && klass === CLASS_IN) {
      const strings = [];
      for (let at = offset; at < offset + length; ) {
        const size = message[at];
        if (at + 1 + size > offset + length) throw malformed('character-string overruns record');
        strings.push(message.toString('utf8', at + 1, at + 1 + size));
        at += 1 + size;
      }
      return { value: strings.join(''), ttlSeconds: ttl };
    }
    offset += length;
  }
  throw new DnsQueryError('NODATA', `no TXT record for ${name}`);
}

/**
 * Sends one TXT query for `name` to `server` ("host:port") and resolves to
 * { value, ttlSeconds }, or rejects with a DnsQueryError (TIMEOUT, NXDOMAIN, MALFORMED, ...).
 * Answers with another id are ignored, as a resolver would, until the timeout.
 */
export function queryTxt(name, { server, timeoutMs = 500 }) {
  return new Promise((resolve, reject) => {
    let socket;
    let timer;
    let settled = false;
    const finish = (error, result) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      try {
        socket?.close();
      } catch {
        // already closed
      }
      if (error) reject(error);
      else resolve(result);
    };
    try {
      const { host, port } = parseDnsServer(server);
      const id = randomInt(0, 0x10000);
      const query = encodeTxtQuery(id, name);
      socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
      timer = setTimeout(
        () => finish(new DnsQueryError('TIMEOUT', `no DNS answer from ${server} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      socket.on('error', (error) => finish(new DnsQueryError('SOCKET', `DNS query to ${server} failed: ${error.message}`)));
      socket.on('message', (message, peer) => {
        if (peer.port !== port || message.length < 2 || message.readUInt16BE(0) !== id) return;
        try {
          finish(null, parseTxtResponse(message, id, name));
        } catch (error) {
          finish(error);
        }
      });
      socket.send(query, port, host, (error) => {
        if (error) finish(new DnsQueryError('SOCKET', `DNS query to ${server} failed: ${error.message}`));
      });
    } catch (error) {
      finish(error instanceof DnsQueryError ? error : new DnsQueryError('SOCKET', error.message));
    }
  });
}
