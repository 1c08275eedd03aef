'use strict';
// Oracle for AddressDifferentialTest: reads one JSON case per line on stdin and writes one JSON
// array of strings per line on stdout, answering with Node's own net.isIP, SocketAddress and
// BlockList. null in a case stands for "argument not given" (undefined).
const net = require('net');
const readline = require('readline');
const { BlockList, SocketAddress } = net;

const given = (v) => (v === null ? undefined : v);
const code = (e) => 'err:' + (e && e.code ? e.code : String(e && e.name));
const socketAddress = (pair) => new SocketAddress({ address: given(pair[0]), family: given(pair[1]) });

function step(list, s) {
  const a = s.a;
  switch (s.k) {
    case 'addAddress':
      return s.sa ? list.addAddress(socketAddress(a[0])) : list.addAddress(a[0], given(a[1]));
    case 'addRange':
      return s.sa ? list.addRange(socketAddress(a[0]), socketAddress(a[1]))
        : list.addRange(a[0], a[1], given(a[2]));
    case 'addSubnet':
      return s.sa ? list.addSubnet(socketAddress(a[0]), a[1]) : list.addSubnet(a[0], a[1], given(a[2]));
    case 'check':
      return s.sa ? list.check(socketAddress(a[0])) : list.check(a[0], given(a[1]));
    default:
      throw new Error('unknown step ' + s.k);
  }
}

function answer(c) {
  switch (c.op) {
    case 'version':
      return [process.version];
    case 'isIP':
      return [String(net.isIP(c.input)), String(net.isIPv4(c.input)), String(net.isIPv6(c.input))];
    case 'sa':
      try {
        const s = new SocketAddress({
          address: given(c.address), port: c.port, family: given(c.family), flowlabel: c.flowlabel,
        });
        return ['ok', s.address, String(s.port), s.family, String(s.flowlabel)];
      } catch (e) {
        return [code(e)];
      }
    case 'bl': {
      const list = new BlockList();
      const out = [];
      for (const s of c.steps) {
        try {
          const r = step(list, s);
          out.push(r === undefined ? 'ok' : String(r));
        } catch (e) {
          out.push(code(e));
        }
      }
      for (const r of list.rules) out.push('rule:' + r);
      return out;
    }
    default:
      return ['err:unknown op ' + c.op];
  }
}

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  process.stdout.write(JSON.stringify(answer(JSON.parse(line))) + '\n');
});
