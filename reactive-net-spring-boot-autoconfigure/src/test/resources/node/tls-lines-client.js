// A node `tls` client holding several connections to a line echo server, driven by commands on
// stdin (one per line), answering one JSON line each on stdout. Args: port host caFile.
//   open NAME        connect, keep the connection as NAME -> {"open":NAME,"subject":CN,"fingerprint":SHA256}
//   probe            connect, report, end               -> {"probe":true,"subject":CN,"fingerprint":SHA256}
//   echo NAME TEXT   send TEXT and a newline on NAME, wait for the line back -> {"echo":NAME,"line":TEXT}
// A failure answers {"error":CODE,"command":...}. Closing stdin ends every connection and exits.
const tls = require('tls');
const fs = require('fs');
const readline = require('readline');
const [port, host, caFile] = process.argv.slice(2);
const ca = fs.readFileSync(caFile);
const conns = new Map();
const say = (o) => console.log(JSON.stringify(o));

function connect(onReady, onError) {
  const socket = tls.connect({ port: Number(port), host, ca }, () => {
    const cert = socket.getPeerCertificate();
    onReady(socket, { subject: cert.subject.CN, fingerprint: cert.fingerprint256 });
  });
  socket.once('error', onError);
  return socket;
}

function run(line) {
  const [cmd, name, ...rest] = line.split(' ');
  const fail = (e) => say({ error: e.code || String(e), command: line });
  if (cmd === 'open') {
    connect((socket, seen) => {
      const c = { socket, buffer: '', waiting: [] };
      socket.setEncoding('utf8');
      socket.on('data', (d) => {
        c.buffer += d;
        let i;
        while ((i = c.buffer.indexOf('\n')) >= 0) {
          const got = c.buffer.slice(0, i);
          c.buffer = c.buffer.slice(i + 1);
          const w = c.waiting.shift();
          if (w) w(got);
        }
      });
      socket.on('error', () => {});
      conns.set(name, c);
      say({ open: name, ...seen });
    }, fail);
  } else if (cmd === 'probe') {
    connect((socket, seen) => {
      socket.on('error', () => {});
      socket.end();
      say({ probe: true, ...seen });
    }, fail);
  } else if (cmd === 'echo') {
    const c = conns.get(name);
    if (!c) { say({ error: 'ENOCONN', command: line }); return; }
    const text = rest.join(' ');
    c.waiting.push((got) => say({ echo: name, line: got }));
    c.socket.write(text + '\n');
  } else {
    say({ error: 'EBADCMD', command: line });
  }
}

readline.createInterface({ input: process.stdin }).on('line', run).on('close', () => {
  for (const c of conns.values()) c.socket.end();
});
