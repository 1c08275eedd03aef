// Node's side of the reactive-net echo harness: a byte-stream echo (socket.pipe(socket)) and a
// line echo (split on '\n' by hand, one socket.write per line, as a Node user writes it), both
// on 127.0.0.1 with port 0. Prints "READY stream=<port> lines=<port> pid=<pid> loops=1", then
// reads commands on stdin: "gc" (answers "HEAP <bytes>", needs --expose-gc) and "quit"; end of
// stdin quits too, and the process exits by itself after 15 minutes. The stream echo also
// listens on a Unix domain socket in a fresh temporary directory ("uds=<path>"). Started with
// --tls-cert FILE --tls-key FILE it also runs the TLS stream echo of echo-tls.js ("tls=<port>").
'use strict';
const net = require('net');
const fs = require('fs');
const os = require('os');
const path = require('path');
const tlsEcho = require('./echo-tls.js');

const stream = net.createServer((socket) => {
  socket.setNoDelay(true);
  socket.on('error', () => {});
  socket.pipe(socket);
});

const uds = net.createServer((socket) => {
  socket.on('error', () => {});
  socket.pipe(socket);
});
const udsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rn-bench-node'));
const udsPath = path.join(udsDir, 'echo.sock');
process.on('exit', () => {
  try { fs.rmSync(udsDir, { recursive: true, force: true }); } catch (e) { /* harmless */ }
});

const NL = 0x0a;
const lines = net.createServer((socket) => {
  socket.setNoDelay(true);
  socket.on('error', () => {});
  let pending = null; // bytes of an unfinished line, kept across 'data' events
  socket.on('data', (chunk) => {
    let start = 0;
    let nl = chunk.indexOf(NL, start);
    if (pending !== null && nl >= 0) {
      socket.write(Buffer.concat([pending, chunk.subarray(0, nl + 1)]));
      pending = null;
      start = nl + 1;
      nl = chunk.indexOf(NL, start);
    }
    while (nl >= 0) {
      socket.write(chunk.subarray(start, nl + 1));
      start = nl + 1;
      nl = chunk.indexOf(NL, start);
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start);
      pending = pending === null ? Buffer.from(rest) : Buffer.concat([pending, rest]);
    }
  });
  socket.on('end', () => socket.end());
});

function listen(server, where) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    if (where) {
      server.listen(where, () => resolve(where));
    } else {
      server.listen(0, '127.0.0.1', () => resolve(server.address().port));
    }
  });
}

(async () => {
  const streamPort = await listen(stream);
  const linesPort = await listen(lines);
  await listen(uds, udsPath);
  const pem = tlsEcho.options(process.argv);
  const tlsPort = pem === null ? -1 : await tlsEcho.listen(pem);
  process.stdout.write(`READY stream=${streamPort} lines=${linesPort} pid=${process.pid} loops=1 uds=${udsPath} tls=${tlsPort}\n`);
})().catch((e) => {
  console.error(e);
  process.exit(1);
});

const lifetime = setTimeout(() => {
  console.error('echo.js: lifetime exceeded, exiting');
  process.exit(3);
}, 15 * 60 * 1000);
lifetime.unref();

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (d) => {
  input += d;
  let i;
  while ((i = input.indexOf('\n')) >= 0) {
    const cmd = input.slice(0, i).trim();
    input = input.slice(i + 1);
    if (cmd === 'quit') process.exit(0);
    if (cmd === 'gc') {
      if (typeof global.gc === 'function') global.gc();
      process.stdout.write(`HEAP ${process.memoryUsage().heapUsed}\n`);
    }
  }
});
process.stdin.on('end', () => process.exit(0));
