// node's tls.createServer echo. Args: certFile keyFile [optionsJson]; optionsJson is merged into the
// server options (maxVersion, ALPNProtocols...). Prints {"port":N}; echoes each connection, ends on
// 'end' (allowHalfOpen false), and prints {"end":true,"protocol":...,"alpn":...} when it saw the
// peer's end, or {"error":CODE} on a failed handshake.
const tls = require('tls');
const fs = require('fs');
const [certFile, keyFile, json] = process.argv.slice(2);
const extra = json ? JSON.parse(json) : {};
const server = tls.createServer({ cert: fs.readFileSync(certFile), key: fs.readFileSync(keyFile), ...extra },
  (socket) => {
    socket.pipe(socket);
    socket.on('end', () => console.log(JSON.stringify({
      end: true, protocol: socket.getProtocol(), alpn: socket.alpnProtocol || null })));
    socket.on('error', () => {});
  });
server.on('tlsClientError', (e) => console.log(JSON.stringify({ error: e.code || String(e) })));
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: server.address().port })));
process.stdin.on('end', () => server.close(() => process.exit(0)));
process.stdin.resume();
