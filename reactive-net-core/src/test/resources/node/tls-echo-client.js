// TLS twin of echo-client-sha.js: node's tls.connect sends SIZE random bytes to an echo server and
// checks what comes back. Args: port host size caFile servername maxVersion. One JSON line.
const tls = require('tls');
const fs = require('fs');
const crypto = require('crypto');
const [port, host, size, caFile, servername, maxVersion] = process.argv.slice(2);
const data = crypto.randomBytes(Number(size));
const sentSha = crypto.createHash('sha256').update(data).digest('hex');
const back = crypto.createHash('sha256');
let received = 0;
const socket = tls.connect({ port: Number(port), host, ca: fs.readFileSync(caFile), servername, maxVersion }, () => {
  let offset = 0;
  function pump() {
    while (offset < data.length) {
      const end = Math.min(data.length, offset + 64 * 1024);
      const ok = socket.write(data.subarray(offset, end));
      offset = end;
      if (!ok) { socket.once('drain', pump); return; }
    }
    socket.end();
  }
  pump();
});
socket.on('data', (b) => { received += b.length; back.update(b); });
socket.on('end', () => {
  console.log(JSON.stringify({ sent: data.length, received, sentSha, receivedSha: back.digest('hex'),
    protocol: socket.getProtocol(), subject: socket.getPeerCertificate().subject.CN }));
});
socket.on('error', (e) => { console.log(JSON.stringify({ error: e.code || String(e) })); process.exit(1); });
