// N chat clients join, then each sends M lines at once. Every client must receive every other
// client's lines exactly once, in each sender's order, and never its own. Prints one JSON line.
// usage: node chat-swarm.js <port> <clients> <lines>
'use strict';
const net = require('net');
const [port, n, m] = process.argv.slice(2).map(Number);
const started = Date.now();
const clients = [];
let welcomed = 0;
let finished = 0;
const errors = [];

function fail(msg) {
  if (errors.length < 20) errors.push(msg);
}

function done() {
  const ok = errors.length === 0;
  console.log(JSON.stringify({ ok, clients: n, lines: m, received: clients.reduce((a, c) => a + c.count, 0),
    ms: Date.now() - started, errors }));
  for (const c of clients) c.sock.destroy();
  process.exit(ok ? 0 : 1);
}

setTimeout(() => {
  fail(`timeout: ${welcomed}/${n} welcomed, ${finished}/${n} finished`);
  done();
}, 90000).unref();

for (let i = 0; i < n; i++) {
  const c = { i, id: null, count: 0, next: new Map(), buf: '', sock: null };
  clients.push(c);
  c.sock = net.createConnection({ port, host: '127.0.0.1' }, () => {
    c.id = `${c.sock.localAddress}:${c.sock.localPort}`;
  });
  c.sock.setEncoding('utf8');
  c.sock.on('error', (e) => { fail(`client ${i}: ${e.message}`); done(); });
  c.sock.on('data', (data) => {
    c.buf += data;
    let nl;
    while ((nl = c.buf.indexOf('\n')) >= 0) {
      const line = c.buf.slice(0, nl).replace(/\r$/, '');
      c.buf = c.buf.slice(nl + 1);
      onLine(c, line);
    }
  });
}

function onLine(c, line) {
  if (line.startsWith('Welcome to the chat server! There are ')) {
    if (++welcomed === n) {
      // Everyone is in the room: now everybody talks.
      for (const x of clients) {
        for (let k = 0; k < m; k++) x.sock.write(`msg ${x.i} ${k}\n`);
      }
    }
    return;
  }
  const match = /^(.*): msg (\d+) (\d+)$/.exec(line);
  if (!match) return;   // joins and leaves
  const from = Number(match[2]);
  const k = Number(match[3]);
  if (from === c.i) { fail(`client ${c.i} got its own line ${k}`); return; }
  if (match[1] !== clients[from].id) fail(`client ${c.i}: line of ${from} carries id ${match[1]}, expected ${clients[from].id}`);
  const expected = c.next.get(from) || 0;
  if (k !== expected) fail(`client ${c.i}: from ${from} got line ${k}, expected ${expected}`);
  c.next.set(from, k + 1);
  if (++c.count === (n - 1) * m) {
    // Everyone has everything: wait a little so that a duplicate would still be seen.
    if (++finished === n) setTimeout(done, 300);
  } else if (c.count > (n - 1) * m) {
    fail(`client ${c.i} got more than ${(n - 1) * m} lines`);
  }
}
