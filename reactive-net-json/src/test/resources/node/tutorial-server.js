// A Node server of the tutorial's NDJSON protocol, the reference our TutorialClient is checked
// against. Prints the port it listens on, then serves until killed.
'use strict';
const net = require('net');
const readline = require('readline');

function result(query) {
  if (query === 'time') return { time: new Date().toISOString() };
  if (query === 'stats') return { uptime: process.uptime(), memory: process.memoryUsage(), platform: process.platform };
  return { error: 'Unknown query' };
}

const server = net.createServer((socket) => {
  const send = (obj) => socket.write(JSON.stringify({ ...obj, timestamp: Date.now() }) + '\n');
  const lines = readline.createInterface({ input: socket, crlfDelay: Infinity });
  lines.on('line', (line) => {
    let msg;
    try {
      msg = JSON.parse(line);
      msg.type; // throws for null, as the tutorial's switch does
    } catch (err) {
      send({ type: 'error', message: 'Invalid JSON format' });
      return;
    }
    if (msg.type === 'greeting') send({ type: 'welcome', message: `Hello, ${msg.name}!` });
    else if (msg.type === 'query') send({ type: 'response', queryId: msg.queryId, result: result(msg.query) });
    else send({ type: 'error', message: 'Unknown message type' });
  });
  lines.on('close', () => socket.end());
  socket.on('error', () => {});
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
