// Connects with node's net.connect and prints the connect events, one per line, in the format
// HappyEyeballsNodeIT uses for ours:
//   lookup <err code|null> <address|-> <family|-> <host>
//   connectionAttempt <ip> <port> <family>
//   connectionAttemptFailed <ip> <port> <family> <code>
//   connectionAttemptTimeout <ip> <port> <family>
//   connect <remoteAddress>   |   error <code>
//   attempted <ip:port,ip:port,...>
// Usage: node events.js <host> <port> <attemptTimeoutMs> <autoSelectFamily true|false> <family 0|4|6> [ip/family ...]
// With addresses, a custom lookup returns them (all: true gives all, all: false the first of the family).
'use strict';
const net = require('net');
const [host, portArg, attemptArg, autoArg, familyArg, ...addrArgs] = process.argv.slice(2);
const addresses = addrArgs.map((a) => {
  const i = a.lastIndexOf('/');
  return { address: a.slice(0, i), family: Number(a.slice(i + 1)) };
});
const opts = {
  host,
  port: Number(portArg),
  autoSelectFamily: autoArg === 'true',
  autoSelectFamilyAttemptTimeout: Number(attemptArg),
};
if (Number(familyArg) !== 0) opts.family = Number(familyArg);
if (addresses.length > 0) {
  opts.lookup = (name, o, cb) => {
    const list = (o.family === 4 || o.family === 6) ? addresses.filter((a) => a.family === o.family) : addresses;
    if (o.all) return cb(null, list);
    if (list.length === 0) {
      const e = new Error('getaddrinfo ENOTFOUND ' + name);
      e.code = 'ENOTFOUND';
      return cb(e);
    }
    return cb(null, list[0].address, list[0].family);
  };
}
const out = [];
const v = (x) => (x === undefined || x === null ? '-' : String(x));
const s = new net.Socket();
s.on('lookup', (err, address, family, h) => out.push(`lookup ${err ? err.code : 'null'} ${v(address)} ${v(family)} ${h}`));
s.on('connectionAttempt', (ip, port, family) => out.push(`connectionAttempt ${ip} ${port} ${family}`));
s.on('connectionAttemptFailed', (ip, port, family, err) => out.push(`connectionAttemptFailed ${ip} ${port} ${family} ${err.code}`));
s.on('connectionAttemptTimeout', (ip, port, family) => out.push(`connectionAttemptTimeout ${ip} ${port} ${family}`));
let done = false;
function finish(last) {
  if (done) return;
  done = true;
  out.push(last);
  out.push('attempted ' + (s.autoSelectFamilyAttemptedAddresses || []).join(','));
  process.stdout.write(out.join('\n') + '\n');
  s.destroy();
  clearTimeout(guard);
}
s.on('connect', () => finish('connect ' + s.remoteAddress));
s.on('error', (e) => finish('error ' + e.code));
const guard = setTimeout(() => finish('hang'), 15000);
s.connect(opts);
