// Connects to a Unix socket path (argv[2]), sends argv[3] random bytes in 64 KiB chunks, ends,
// reads the echo to the end and prints JSON: sent/received byte counts and SHA-256 of each.
'use strict';
const net = require('net');
const crypto = require('crypto');
const path = process.argv[2];
const total = parseInt(process.argv[3], 10);
const sentHash = crypto.createHash('sha256');
const recvHash = crypto.createHash('sha256');
let received = 0;
const socket = net.connect({ path });
socket.on('error', (e) => { console.log(JSON.stringify({ error: e.code })); process.exit(2); });
socket.on('data', (d) => { received += d.length; recvHash.update(d); });
socket.on('end', () => {
  console.log(JSON.stringify({ sent: total, received, sentSha: sentHash.digest('hex'), receivedSha: recvHash.digest('hex') }));
});
socket.on('connect', () => {
  let left = total;
  const writeMore = () => {
    while (left > 0) {
      const n = Math.min(65536, left);
      const chunk = crypto.randomBytes(n);
      sentHash.update(chunk);
      left -= n;
      if (!socket.write(chunk)) { socket.once('drain', writeMore); return; }
    }
    socket.end();
  };
  writeMore();
});
