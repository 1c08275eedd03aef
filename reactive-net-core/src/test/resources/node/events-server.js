// Reports what Node sees of each socket as lines: "data N", "end", "error CODE", "close HADERROR".
// A socket that sends "please end" gets "bye" and socket.end().
const net = require('net');
const server = net.createServer((s) => {
  s.on('data', (b) => {
    console.log('data ' + b.length);
    if (b.toString().includes('please end')) s.end('bye');
  });
  s.on('end', () => console.log('end'));
  s.on('error', (e) => console.log('error ' + e.code));
  s.on('close', (hadError) => console.log('close ' + hadError));
});
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: server.address().port })));
