// A witness joins the first instance; then N clients join instances round-robin, from source
// addresses 127.0.0.2-4. Once the witness heard every client's join notice, each client sends M
// lines at once. Every client must receive every other client's lines exactly once, in each
// sender's order, never its own; every join notice must name a real client address. One JSON line.
// usage: node chat-across.js <port,port,...> <clients> <lines>
'use strict';
const net = require('net');
const ports = process.argv[2].split(',').map(Number);
const n = Number(process.argv[3]);
const m = Number(process.argv[4]);
const started = Date.now();
const clients = [];
const errors = [];
let welcomed = 0;
let finished = 0;
let talking = false;

function fail(msg) {
  if (errors.length < 20) errors.push(msg);
}

function done() {
  const ids = new Set(clients.map((c) => c.id));
  for (const c of clients) {
    for (const j of c.joins) if (!ids.has(j)) fail(`client ${c.i}: join notice for ${j}, not a client address`);
    if (c.joins.includes(c.id)) fail(`client ${c.i}: told of its own join`);
  }
  const told = new Set(witness.joins);
  if (witness.joins.length !== n || told.size !== n || [...ids].some((id) => !told.has(id))) {
    fail(`the witness heard ${witness.joins.length} joins, not one for each of the ${n} clients`);
  }
  const ok = errors.length === 0;
  console.log(JSON.stringify({ ok, clients: n, lines: m, received: clients.reduce((a, c) => a + c.count, 0),
    witnessJoins: witness.joins.length, ms: Date.now() - started, errors }));
  for (const c of clients) c.sock.destroy();
  witness.sock.destroy();
  process.exit(ok ? 0 : 1);
}

setTimeout(() => {
  fail(`timeout: ${welcomed}/${n} welcomed, witness heard ${witness.joins.length} joins, ${finished}/${n} finished`);
  done();
}, 100000).unref();

function connect(c, port, localAddress, onWelcome) {
  c.sock = net.createConnection({ port, host: '127.0.0.1', localAddress }, () => {
    c.id = `${c.sock.localAddress}:${c.sock.localPort}`;
  });
  c.sock.setEncoding('utf8');
  c.sock.on('error', (e) => { fail(`client ${c.i}: ${e.message}`); done(); });
  c.sock.on('data', (data) => {
    c.buf += data;
    let nl;
    while ((nl = c.buf.indexOf('\n')) >= 0) {
      const line = c.buf.slice(0, nl).replace(/\r$/, '');
      c.buf = c.buf.slice(nl + 1);
      if (line.startsWith('Welcome to the chat server! There are ')) onWelcome();
      else onLine(c, line);
    }
  });
}

function client(i) {
  return { i, id: null, count: 0, next: new Map(), buf: '', sock: null, joins: [] };
}

const witness = client(-1);
connect(witness, ports[0], '127.0.0.1', () => {
  for (let i = 0; i < n; i++) {
    const c = client(i);
    clients.push(c);
    connect(c, ports[i % ports.length], `127.0.0.${2 + (i % 3)}`, () => { welcomed++; maybeTalk(); });
  }
});

function maybeTalk() {
  // Everyone is in the room, and the room knows it everywhere: now everybody talks.
  if (talking || welcomed < n || witness.joins.length < n) return;
  talking = true;
  for (const x of clients) {
    for (let k = 0; k < m; k++) x.sock.write(`msg ${x.i} ${k}\n`);
  }
}

function onLine(c, line) {
  const join = /^User (.*) joined the chat\.$/.exec(line);
  if (join) {
    c.joins.push(join[1]);
    if (c === witness) maybeTalk();
    return;
  }
  if (/^User .* left the chat\.$/.test(line)) return;
  const match = /^(.*): msg (\d+) (\d+)$/.exec(line);
  if (!match) { fail(`client ${c.i}: unexpected line ${JSON.stringify(line)}`); return; }
  if (c === witness) return;
  const from = Number(match[2]);
  const k = Number(match[3]);
  if (from === c.i) { fail(`client ${c.i} got its own line ${k}`); return; }
  if (match[1] !== clients[from].id) fail(`client ${c.i}: line of ${from} carries id ${match[1]}, expected ${clients[from].id}`);
  const expected = c.next.get(from) || 0;
  if (k !== expected) fail(`client ${c.i}: from ${from} got line ${k}, expected ${expected}`);
  c.next.set(from, k + 1);
  if (++c.count === (n - 1) * m) {
    // Everyone has everything: wait a little so that a duplicate would still be seen.
    if (++finished === n) setTimeout(done, 500);
  } else if (c.count > (n - 1) * m) {
    fail(`client ${c.i} got more than ${(n - 1) * m} lines`);
  }
}
