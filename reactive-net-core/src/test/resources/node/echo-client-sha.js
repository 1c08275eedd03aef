// Sends SIZE random bytes to an echo server, checks what comes back: prints one JSON line.
const net = require('net');
const crypto = require('crypto');
const [port, host, size] = [Number(process.argv[2]), process.argv[3], Number(process.argv[4])];
const data = crypto.randomBytes(size);
const sentSha = crypto.createHash('sha256').update(data).digest('hex');
const back = crypto.createHash('sha256');
let received = 0;
const socket = net.connect({ port, host }, () => {
  let offset = 0;
  const chunk = 64 * 1024;
  function pump() {
    while (offset < size) {
      const end = Math.min(size, offset + chunk);
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
  console.log(JSON.stringify({ sent: size, received, sentSha, receivedSha: back.digest('hex') }));
});
socket.on('error', (e) => { console.log(JSON.stringify({ error: e.code || String(e) })); process.exit(1); });
