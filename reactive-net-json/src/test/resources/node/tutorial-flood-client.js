// Acceptance client for the tutorial protocol: sends COUNT newline-delimited messages (greetings,
// queries, unknown types and malformed lines), written in slices cut at random byte positions, and
// checks that every reply arrives, in order, with the expected content.
// Usage: node tutorial-flood-client.js PORT COUNT SEED
'use strict';
const net = require('net');

const [port, count, seed] = process.argv.slice(2).map(Number);
let state = seed >>> 0 || 1;
function rand(n) { // xorshift32, so a failure replays with the same seed
  state ^= state << 13; state >>>= 0;
  state ^= state >>> 17;
  state ^= state << 5; state >>>= 0;
  return state % n;
}

const names = ['Client', 'Ann', 'Zoë', '中文', 'emoji 😀', 'quote " and \\ backslash', 'tab\tand\nnewline'];
const malformed = ['{bad json', 'not json', '', '{"type":"greeting"', 'null', '[1,2', '{"a":1} trailing', '\u00e9\u00e9'];
const expected = [];
const parts = [];
for (let i = 0; i < count; i++) {
  const k = rand(100);
  if (k < 35) {
    const name = names[rand(names.length)];
    parts.push(JSON.stringify({ type: 'greeting', name }));
    expected.push({ kind: 'welcome', message: `Hello, ${name}!` });
  } else if (k < 65) {
    parts.push(JSON.stringify({ type: 'query', queryId: i, query: 'time' }));
    expected.push({ kind: 'time', queryId: i });
  } else if (k < 66) {
    parts.push(JSON.stringify({ type: 'query', queryId: i, query: 'stats' }));
    expected.push({ kind: 'stats', queryId: i });
  } else if (k < 72) {
    parts.push(JSON.stringify({ type: 'query', queryId: i, query: 'weather' }));
    expected.push({ kind: 'unknownQuery', queryId: i });
  } else if (k < 82) {
    parts.push(JSON.stringify({ type: ['ping', 'hello', 'x'][rand(3)], n: i }));
    expected.push({ kind: 'error', message: 'Unknown message type' });
  } else {
    parts.push(malformed[rand(malformed.length)]);
    expected.push({ kind: 'error', message: 'Invalid JSON format' });
  }
}
const payload = Buffer.from(parts.join('\n') + '\n', 'utf8');

function fail(msg) {
  console.error('FAIL ' + msg);
  process.exit(1);
}

function check(i, reply) {
  const e = expected[i];
  if (typeof reply.timestamp !== 'number') fail(`#${i}: no timestamp in ${JSON.stringify(reply)}`);
  switch (e.kind) {
    case 'welcome':
      if (reply.type !== 'welcome' || reply.message !== e.message) fail(`#${i}: expected welcome ${e.message}, got ${JSON.stringify(reply)}`);
      break;
    case 'time':
      if (reply.type !== 'response' || reply.queryId !== e.queryId || typeof reply.result.time !== 'string'
          || isNaN(Date.parse(reply.result.time))) fail(`#${i}: bad time response ${JSON.stringify(reply)}`);
      break;
    case 'stats':
      if (reply.type !== 'response' || reply.queryId !== e.queryId || typeof reply.result.uptime !== 'number'
          || typeof reply.result.memory !== 'object' || typeof reply.result.memory.heapUsed !== 'number'
          || reply.result.platform !== process.platform) fail(`#${i}: bad stats response ${JSON.stringify(reply)}`);
      break;
    case 'unknownQuery':
      if (reply.type !== 'response' || reply.queryId !== e.queryId || reply.result.error !== 'Unknown query') fail(`#${i}: ${JSON.stringify(reply)}`);
      break;
    default:
      if (reply.type !== 'error' || reply.message !== e.message) fail(`#${i}: expected error ${e.message}, got ${JSON.stringify(reply)}`);
  }
}

const socket = net.createConnection({ port, host: '127.0.0.1' });
let received = 0;
let pending = '';
socket.setEncoding('utf8');
socket.on('data', (chunk) => {
  pending += chunk;
  let nl;
  while ((nl = pending.indexOf('\n')) >= 0) {
    const line = pending.slice(0, nl);
    pending = pending.slice(nl + 1);
    let reply;
    try { reply = JSON.parse(line); } catch (err) { fail(`reply #${received} is not JSON: ${line}`); }
    if (received >= count) fail(`more replies than messages: ${line}`);
    check(received, reply);
    received++;
    if (received === count) {
      socket.end();
    }
  }
});
socket.on('end', () => {
  if (received !== count) fail(`connection ended after ${received} of ${count} replies`);
  console.log(`OK ${received}`);
  process.exit(0);
});
socket.on('error', (err) => fail(err.stack));

let at = 0;
let writes = 0;
function pump() {
  while (at < payload.length) {
    // Mostly small slices, so that messages and UTF-8 characters are often cut.
    const n = 1 + (rand(4) === 0 ? rand(8) : rand(4096));
    const slice = payload.subarray(at, Math.min(payload.length, at + n));
    at += slice.length;
    writes++;
    if (!socket.write(slice)) {
      socket.once('drain', pump);
      return;
    }
  }
}
socket.on('connect', pump);
setTimeout(() => fail(`timeout: ${received} of ${count} replies after ${writes} writes`), 240000).unref();
