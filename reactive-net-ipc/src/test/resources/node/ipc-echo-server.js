// Echo server on a Unix socket path (argv[2]). Prints LISTENING once bound.
// Closes (and so unlinks the socket file) when stdin ends; exits when the server has closed.
'use strict';
const net = require('net');
const path = process.argv[2];
const sockets = new Set();
const server = net.createServer((s) => {
  sockets.add(s);
  s.on('close', () => sockets.delete(s));
  s.on('error', () => {});
  s.pipe(s);
});
server.on('error', (e) => { console.log('ERROR ' + e.code); process.exit(2); });
server.listen(path, () => console.log('LISTENING'));
process.stdin.on('data', () => {});
process.stdin.on('end', () => {
  for (const s of sockets) s.destroy();
  server.close(() => process.exit(0));
});
