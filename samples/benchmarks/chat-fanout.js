// Chat fan-out benchmark (not a test): N clients spread round-robin over the given chat-server
// ports. Phase 1 (throughput): every client says L lines at once; lines delivered per second until
// every client has every other client's lines. Phase 2 (latency): one line every 10 ms from a
// client picked in turn; the time from send to receipt at every other client, split into
// same-instance and cross-instance deliveries. Prints one JSON line.
// usage: node chat-fanout.js <port,port,...> <clients> <lines> [latencyLines]
'use strict';
const net = require('net');
const ports = process.argv[2].split(',').map(Number);
const n = Number(process.argv[3]);
const m = Number(process.argv[4]);
const latencyLines = Number(process.argv[5] || 300);
const clients = [];
const now = () => Number(process.hrtime.bigint()) / 1e6;   // ms
let welcomed = 0;
let phase = 'join';
let received = 0;
let t0 = 0;
let joinsSeen = 0;
const lat = { same: [], cross: [] };
let latencyExpected = 0;
let latencyGot = 0;

setTimeout(() => { console.log(JSON.stringify({ error: `timeout in phase ${phase}`, received })); process.exit(1); }, 300000).unref();

function connect(i, onWelcome) {
  const c = { i, port: ports[i % ports.length], buf: '', sock: null };
  clients.push(c);
  c.sock = net.createConnection({ port: c.port, host: '127.0.0.1' });
  c.sock.setEncoding('utf8');
  c.sock.setNoDelay(true);
  c.sock.on('error', (e) => { console.log(JSON.stringify({ error: e.message })); process.exit(1); });
  c.sock.on('data', (d) => {
    c.buf += d;
    let nl;
    while ((nl = c.buf.indexOf('\n')) >= 0) {
      const line = c.buf.slice(0, nl);
      c.buf = c.buf.slice(nl + 1);
      onLine(c, line, onWelcome);
    }
  });
}

function onLine(c, line, onWelcome) {
  if (line.startsWith('Welcome')) { onWelcome(); return; }
  if (line.startsWith('User ')) {
    if (c.i === 0 && line.endsWith('joined the chat.\r') && ++joinsSeen === n - 1) setTimeout(throughput, 200);
    return;
  }
  const sp = line.indexOf(': ');
  const body = line.slice(sp + 2);
  if (body.startsWith('t ')) {
    if (++received === n * (n - 1) * m) {
      const ms = now() - t0;
      result.throughput = { deliveries: received, ms: Math.round(ms), linesPerSecond: Math.round(received / ms * 1000) };
      setTimeout(latency, 500);
    }
  } else if (body.startsWith('l ')) {
    const [, from, ts] = body.trim().split(' ');
    const sender = clients[Number(from)];
    (sender.port === c.port ? lat.same : lat.cross).push(now() - Number(ts));
    if (++latencyGot === latencyExpected) finish();
  }
}

const result = { instances: ports.length, clients: n, lines: m };

function throughput() {
  phase = 'throughput';
  t0 = now();
  for (const c of clients) {
    let s = '';
    for (let k = 0; k < m; k++) s += `t ${c.i} ${k}\n`;
    c.sock.write(s);
  }
}

function latency() {
  phase = 'latency';
  latencyExpected = latencyLines * (n - 1);
  let k = 0;
  const timer = setInterval(() => {
    const c = clients[k % n];
    c.sock.write(`l ${c.i} ${now()}\n`);
    if (++k === latencyLines) clearInterval(timer);
  }, 10);
}

function pct(a, p) {
  if (a.length === 0) return null;
  const s = [...a].sort((x, y) => x - y);
  return Math.round(s[Math.min(s.length - 1, Math.floor(p / 100 * s.length))] * 100) / 100;
}

function finish() {
  result.latencyMs = {
    sameInstance: { n: lat.same.length, p50: pct(lat.same, 50), p99: pct(lat.same, 99) },
    crossInstance: { n: lat.cross.length, p50: pct(lat.cross, 50), p99: pct(lat.cross, 99) },
  };
  console.log(JSON.stringify(result));
  for (const c of clients) c.sock.destroy();
  process.exit(0);
}

// Client 0 first (it counts everyone else's joins), then the others.
connect(0, () => {
  if (n === 1) return;
  for (let i = 1; i < n; i++) connect(i, () => { welcomed++; });
});
