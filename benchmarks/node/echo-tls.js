// Node's TLS side of the reactive-net echo harness: tls.createServer with the PEM certificate and
// key given, each socket piped back into itself (socket.pipe(socket)), on 127.0.0.1 with port 0.
// Used by echo.js when it is started with --tls-cert FILE --tls-key FILE (its READY line then has
// tls=<port>); run on its own (node echo-tls.js --tls-cert FILE --tls-key FILE) it prints
// "READY tls=<port> pid=<pid>" and echoes until stdin ends.
'use strict';
const fs = require('fs');
const tls = require('tls');

function options(argv) {
  const at = (name) => {
    const i = argv.indexOf(name);
    return i >= 0 && i + 1 < argv.length ? argv[i + 1] : null;
  };
  const cert = at('--tls-cert');
  const key = at('--tls-key');
  if ((cert === null) !== (key === null)) throw new Error('--tls-cert and --tls-key go together');
  return cert === null ? null : { cert: fs.readFileSync(cert), key: fs.readFileSync(key) };
}

// Resolves with the port once the echo listens (Node's defaults otherwise: TLS 1.2 and 1.3,
// session tickets on, as a Node user gets them).
function listen(pem) {
  const server = tls.createServer(pem, (socket) => {
    socket.setNoDelay(true);
    socket.on('error', () => {});
    socket.pipe(socket);
  });
  server.on('tlsClientError', () => {});
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server.address().port));
  });
}

module.exports = { options, listen };

if (require.main === module) {
  const pem = options(process.argv);
  if (pem === null) {
    console.error('usage: node echo-tls.js --tls-cert FILE --tls-key FILE');
    process.exit(2);
  }
  listen(pem).then((port) => {
    process.stdout.write(`READY tls=${port} pid=${process.pid}\n`);
  }, (e) => {
    console.error(e);
    process.exit(1);
  });
  process.stdin.resume();
  process.stdin.on('end', () => process.exit(0));
}
