// Node's echo server: socket.pipe(socket). Prints {"port":N} once listening.
const net = require('net');
const server = net.createServer((s) => { s.on('error', () => {}); s.pipe(s); });
server.listen(0, process.argv[2] || '127.0.0.1', () => console.log(JSON.stringify({ port: server.address().port })));
