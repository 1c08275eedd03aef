// Speaks the tutorial's JSON protocol to a json-server: the tutorial client's three messages, then
// a garbage line, an unknown type and an unknown query. Prints every reply line as received.
// usage: node json-peer.js <port>
'use strict';
const net = require('net');
const port = Number(process.argv[2]);
const requests = [
  JSON.stringify({ type: 'greeting', name: 'Client' }),
  JSON.stringify({ type: 'query', queryId: 1, query: 'time' }),
  JSON.stringify({ type: 'query', queryId: 2, query: 'stats' }),
  'this is { not JSON',
  JSON.stringify({ type: 'dance' }),
  JSON.stringify({ type: 'query', queryId: 3, query: 'weather' }),
];
const client = net.createConnection({ port, host: '127.0.0.1' }, () => {
  for (const r of requests) client.write(r + '\n');
});
let buffer = '';
let replies = 0;
client.setEncoding('utf8');
client.on('data', (data) => {
  buffer += data;
  let i;
  while ((i = buffer.indexOf('\n')) >= 0) {
    console.log(buffer.slice(0, i));
    buffer = buffer.slice(i + 1);
    if (++replies === requests.length) client.end();
  }
});
client.on('end', () => process.exit(replies === requests.length ? 0 : 1));
client.on('error', (e) => { console.error(e.message); process.exit(1); });
setTimeout(() => { console.error('timeout'); process.exit(1); }, 20000).unref();
