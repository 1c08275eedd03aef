// Sends COUNT length-prefixed JSON values (4-byte big-endian length, then UTF-8 JSON), written in
// slices cut at random byte positions, and checks that the server echoes each value back, in
// order, in the same framing. Usage: node length-prefixed-client.js PORT COUNT SEED
'use strict';
const net = require('net');
const assert = require('assert');

const [port, count, seed] = process.argv.slice(2).map(Number);
let state = seed >>> 0 || 1;
function rand(n) {
  state ^= state << 13; state >>>= 0;
  state ^= state >>> 17;
  state ^= state << 5; state >>>= 0;
  return state % n;
}
const words = ['a', 'é', '中文', '😀', '"q"', '\\', '\n', 'plain'];
function value(depth) {
  switch (rand(depth > 0 ? 7 : 5)) {
    case 0: return null;
    case 1: return rand(2) === 0;
    case 2: return rand(1000000) - 500000;
    case 3: return rand(1000) / 8;
    case 4: { let s = ''; for (let i = rand(6); i > 0; i--) s += words[rand(words.length)]; return s; }
    case 5: { const a = []; for (let i = rand(4); i > 0; i--) a.push(value(depth - 1)); return a; }
    default: { const o = {}; for (let i = rand(4); i > 0; i--) o[words[rand(words.length)] + i] = value(depth - 1); return o; }
  }
}
const values = [];
const frames = [];
for (let i = 0; i < count; i++) {
  const v = { i, v: value(3) };
  values.push(v);
  const body = Buffer.from(JSON.stringify(v), 'utf8');
  const header = Buffer.alloc(4);
  header.writeUInt32BE(body.length, 0);
  frames.push(header, body);
}
const payload = Buffer.concat(frames);

function fail(msg) { console.error('FAIL ' + msg); process.exit(1); }

const socket = net.createConnection({ port, host: '127.0.0.1' });
let pending = Buffer.alloc(0);
let received = 0;
socket.on('data', (chunk) => {
  pending = Buffer.concat([pending, chunk]);
  while (pending.length >= 4 && pending.length >= 4 + pending.readUInt32BE(0)) {
    const n = pending.readUInt32BE(0);
    const got = JSON.parse(pending.subarray(4, 4 + n).toString('utf8'));
    pending = pending.subarray(4 + n);
    try { assert.deepStrictEqual(got, values[received]); } catch (e) { fail(`#${received}: ${e.message}`); }
    received++;
    if (received === count) socket.end();
  }
});
socket.on('end', () => {
  if (received !== count) fail(`ended after ${received} of ${count}`);
  console.log(`OK ${received}`);
  process.exit(0);
});
socket.on('error', (err) => fail(err.stack));
let at = 0;
function pump() {
  while (at < payload.length) {
    const n = 1 + (rand(3) === 0 ? rand(6) : rand(2048));
    const slice = payload.subarray(at, Math.min(payload.length, at + n));
    at += slice.length;
    if (!socket.write(slice)) { socket.once('drain', pump); return; }
  }
}
socket.on('connect', pump);
setTimeout(() => fail(`timeout after ${received} of ${count}`), 120000).unref();
