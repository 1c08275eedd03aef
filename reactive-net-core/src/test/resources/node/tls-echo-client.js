// TLS twin of echo-client-sha.js: node's tls.connect sends SIZE random bytes to an echo server,
// ends, and checks what comes back. Args: port host size [optionsJson]; optionsJson is merged into
// the tls.connect options, with "caFile" read into "ca"; "endAfterEcho": true ends only once every
// byte came back (else it ends right after the last write, as a half-close). Prints one JSON line: the byte counts and
// SHA-256s, the protocol, the ALPN protocol, the server certificate's CN; or {"error":CODE}.
const tls = require('tls');
const fs = require('fs');
const crypto = require('crypto');
const [port, host, size, json] = process.argv.slice(2);
const opts = json ? JSON.parse(json) : {};
if (opts.caFile) { opts.ca = fs.readFileSync(opts.caFile); delete opts.caFile; }
const endAfterEcho = !!opts.endAfterEcho;
delete opts.endAfterEcho;
const data = crypto.randomBytes(Number(size));
const sentSha = crypto.createHash('sha256').update(data).digest('hex');
const back = crypto.createHash('sha256');
let received = 0;
const socket = tls.connect({ port: Number(port), host, ...opts }, () => {
  let offset = 0;
  function pump() {
    while (offset < data.length) {
      const end = Math.min(data.length, offset + 64 * 1024);
      const ok = socket.write(data.subarray(offset, end));
      offset = end;
      if (!ok) { socket.once('drain', pump); return; }
    }
    if (!endAfterEcho) socket.end();
  }
  pump();
});
socket.on('data', (b) => {
  received += b.length;
  back.update(b);
  if (endAfterEcho && received === data.length) socket.end();
});
socket.on('end', () => {
  console.log(JSON.stringify({ sent: data.length, received, sentSha, receivedSha: back.digest('hex'),
    protocol: socket.getProtocol(), alpn: socket.alpnProtocol || null,
    subject: socket.getPeerCertificate().subject.CN }));
});
socket.on('error', (e) => { console.log(JSON.stringify({ error: e.code || String(e) })); process.exit(1); });
