// Runs a WASI (preview1) command module under Node's built-in WASI support.
// Usage: node --no-warnings run-node.js <module.wasm> [args...]
'use strict';
const fs = require('fs');
const path = require('path');
const { WASI } = require('wasi');

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: run-node.js <module.wasm> [args...]\n');
  process.exit(2);
}
const args = [path.basename(file), ...process.argv.slice(3)];
const wasi = new WASI({ version: 'preview1', args, env: {}, returnOnExit: true });

(async () => {
  const module = await WebAssembly.compile(fs.readFileSync(file));
  const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
  const code = wasi.start(instance);
  process.exitCode = code;
})().catch((e) => {
  process.stderr.write(`run-node.js: ${e && e.stack ? e.stack : e}\n`);
  process.exitCode = 70;
});
