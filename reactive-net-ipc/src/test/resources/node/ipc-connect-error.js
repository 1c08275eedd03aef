// Connects to a Unix socket path (argv[2]) and prints the error code, or CONNECTED.
'use strict';
const net = require('net');
const socket = net.connect({ path: process.argv[2] });
socket.on('connect', () => { console.log('CONNECTED'); socket.destroy(); });
socket.on('error', (e) => console.log(e.code));
