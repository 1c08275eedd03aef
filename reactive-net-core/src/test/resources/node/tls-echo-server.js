// node's tls.createServer echo: prints {"port":N}; for each connection echoes, ends on 'end', and
// prints {"end":true,"protocol":...} when it saw our end(). Args: certFile keyFile maxVersion.
const tls = require('tls');
const fs = require('fs');
const [certFile, keyFile, maxVersion] = process.argv.slice(2);
const server = tls.createServer({ cert: fs.readFileSync(certFile), key: fs.readFileSync(keyFile), maxVersion },
  (socket) => {
    socket.pipe(socket);
    socket.on('end', () => console.log(JSON.stringify({ end: true, protocol: socket.getProtocol() })));
    socket.on('error', () => {});
  });
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: server.address().port })));
