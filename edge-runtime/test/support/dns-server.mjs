// A real DNS server on loopback UDP that answers TXT questions as a test scripts it.
import { createSocket } from 'node:dgram';

function readQuestion(query) {
  const labels = [];
  let offset = 12;
  while (query[offset] !== 0) {
    labels.push(query.toString('latin1', offset + 1, offset + 1 + query[offset]));
    offset += 1 + query[offset];
  }
  return { id: query.readUInt16BE(0), name: labels.join('.'), question: query.subarray(12, offset + 5) };
}

function characterStrings(strings) {
  return Buffer.concat(strings.map((text) => {
    const bytes = Buffer.from(text, 'utf8');
    return Buffer.concat([Buffer.from([bytes.length]), bytes]);
  }));
}

/** Encodes an answer: { txt: [strings] | [[strings], ...], ttl, rcode, id } */
export function encodeAnswer(query, { txt = [], ttl = 60, rcode = 0, id } = {}) {
  const { id: queryId, question } = readQuestion(query);
  const records = txt.length > 0 && Array.isArray(txt[0]) ? txt : txt.length > 0 ? [txt] : [];
  const header = Buffer.alloc(12);
  header.writeUInt16BE(id ?? queryId, 0);
  header.writeUInt16BE(0x8180 | rcode, 2); // QR, RD, RA
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(rcode === 0 ? records.length : 0, 6);
  const answers = rcode === 0 ? records.map((strings) => {
    const rdata = characterStrings(strings);
    const fixed = Buffer.alloc(12);
    fixed.writeUInt16BE(0xc00c, 0); // pointer to the question's name
    fixed.writeUInt16BE(16, 2);
    fixed.writeUInt16BE(1, 4);
    fixed.writeUInt32BE(ttl, 6);
    fixed.writeUInt16BE(rdata.length, 10);
    return Buffer.concat([fixed, rdata]);
  }) : [];
  return Buffer.concat([header, question, ...answers]);
}

/**
 * Starts the server. respond(name, query) returns what to send back: an answer spec for
 * encodeAnswer, { raw: Buffer } (or an array of those, sent in order), { delayMs, ... },
 * or null to stay silent.
 */
export async function startDnsServer(respond) {
  const socket = createSocket('udp4');
  const queries = [];
  socket.on('message', (query, peer) => {
    const { name } = readQuestion(query);
    queries.push(name);
    const replies = [respond(name, query)].flat().filter(Boolean);
    for (const reply of replies) {
      const message = reply.raw ?? encodeAnswer(query, reply);
      const send = () => socket.send(message, peer.port, peer.address);
      if (reply.delayMs) setTimeout(send, reply.delayMs);
      else send();
    }
  });
  await new Promise((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    server: `127.0.0.1:${socket.address().port}`,
    queries,
    close: () => new Promise((resolve) => socket.close(resolve)),
  };
}
