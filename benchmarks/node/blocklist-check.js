'use strict';
// Node's BlockList.check rate on the same rules and probes as BlockListBenchmark (same
// xorshift32 sequence). Usage: node benchmarks/node/blocklist-check.js [seconds-per-size]
const { BlockList } = require('net');

function xorshift32(seed) {
  let x = seed | 0;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
}
const v4 = (v) => `${(v >>> 24) & 0xff}.${(v >>> 16) & 0xff}.${(v >>> 8) & 0xff}.${v & 0xff}`;
const v6 = (a, b) => `${(0x2000 | Math.floor(a / 2 ** 20)).toString(16)}:${(a & 0xffff).toString(16)}::${(b & 0xffff).toString(16)}`;

function build(rules) {
  const list = new BlockList();
  const next = xorshift32(0x2545F491);
  const inside = [];
  for (let i = 0; i < rules; i++) {
    const a = next();
    if (i % 10 === 9) {
      list.addAddress(v6(a, next()), 'ipv6');
    } else if (i % 3 === 0) {
      list.addAddress(v4(a));
    } else if (i % 3 === 1) {
      list.addRange(v4(a), v4(Math.min(0xffffffff, a + (next() & 0xff))));
    } else {
      list.addSubnet(v4(a), 16 + (next() % 15));
    }
    inside.push(a);
  }
  const probes = [];
  for (let i = 0; i < 1024; i++) {
    probes.push(v4(i % 2 === 0 ? inside[next() % rules] : next()));
  }
  return { list, probes };
}

const seconds = Number(process.argv[2] || 3);
for (const rules of [10, 1000, 100000]) {
  const { list, probes } = build(rules);
  let blocked = 0;
  for (let i = 0; i < 2000; i++) if (list.check(probes[i & 1023])) blocked++; // warm-up
  let n = 0;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(Math.round(seconds * 1e9));
  let now = start;
  while (now < deadline) {
    for (let k = 0; k < 64; k++) {
      if (list.check(probes[n & 1023])) blocked++;
      n++;
    }
    now = process.hrtime.bigint();
  }
  const elapsed = Number(now - start) / 1e9;
  console.log(JSON.stringify({ rules, opsPerSecond: Math.round(n / elapsed), checks: n, blocked, node: process.version }));
}
