// Oracle for Text.utf8(): decodes byte chunks exactly as socket.setEncoding('utf8') does.
// Input, one case per line: chunks in hex, separated by ','. Output, one line per case: the
// decoded string's UTF-16 code units in hex (4 digits each), or '-' for the empty string.
'use strict';
const { StringDecoder } = require('string_decoder');
const readline = require('readline');
const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
rl.on('line', (line) => {
  const decoder = new StringDecoder('utf8');
  let s = '';
  for (const hex of line.split(',')) {
    s += decoder.write(Buffer.from(hex, 'hex'));
  }
  s += decoder.end();
  let out = '';
  for (let i = 0; i < s.length; i++) {
    out += s.charCodeAt(i).toString(16).padStart(4, '0');
  }
  process.stdout.write((out || '-') + '\n');
});
