// Runs a command script (wast2json's JSON format) in V8 and prints what each module and
// action command did, in the format of `akira-wast --print-results`, so the two can be
// compared line by line:
//   module: ok | module: <kind>: <message>
//   invoke "f": ok i64:0x0000000000000001 ... | invoke "f": trap: <message> | exhaustion: ...
//   end: ok
// Only the value types fuzz/diff's wrappers use are exact: i32 and i64 (as BigInt).
// f32/f64 results go through JS numbers, which do not keep NaN payloads.
//   node run-node.js SCRIPT.json
'use strict';
const fs = require('fs');
const path = require('path');

const script = process.argv[2];
const doc = JSON.parse(fs.readFileSync(script, 'utf8'));
const dir = path.dirname(script);

const hex = (big, digits) => '0x' + big.toString(16).padStart(digits, '0');

function toArg(a) {
  const bits = BigInt(a.value);
  switch (a.type) {
    case 'i32': return Number(BigInt.asIntN(32, bits));
    case 'i64': return BigInt.asIntN(64, bits);
    case 'f32': {
      const v = new DataView(new ArrayBuffer(4));
      v.setUint32(0, Number(BigInt.asUintN(32, bits)), true);
      return v.getFloat32(0, true);
    }
    case 'f64': {
      const v = new DataView(new ArrayBuffer(8));
      v.setBigUint64(0, BigInt.asUintN(64, bits), true);
      return v.getFloat64(0, true);
    }
    case 'funcref':
    case 'externref':
      if (a.value === 'null') return null;
      break;
  }
  throw new Error('unsupported argument ' + JSON.stringify(a));
}

function formatValue(type, x) {
  switch (type) {
    case 'i32': return 'i32:' + hex(BigInt(x >>> 0), 8);
    case 'i64': return 'i64:' + hex(BigInt.asUintN(64, x), 16);
    case 'f32': {
      const v = new DataView(new ArrayBuffer(4));
      v.setFloat32(0, x, true);
      return 'f32:' + hex(BigInt(v.getUint32(0, true)), 8);
    }
    case 'f64': {
      const v = new DataView(new ArrayBuffer(8));
      v.setFloat64(0, x, true);
      return 'f64:' + hex(v.getBigUint64(0, true), 16);
    }
    case 'funcref': return x === null ? 'funcref:null' : 'funcref:nonnull';
    case 'externref': return x === null ? 'externref:null' : 'externref:?';
  }
  return type + ':?';
}

// The error as akira-wast describes one: "<kind>: <message>".
function describe(e) {
  if (e instanceof WebAssembly.RuntimeError) return 'trap: ' + e.message;
  if (e instanceof RangeError && /call stack/i.test(e.message)) return 'exhaustion: ' + e.message;
  if (e instanceof WebAssembly.CompileError) return 'invalid: ' + e.message;
  if (e instanceof WebAssembly.LinkError) return 'unlinkable: ' + e.message;
  return 'error: ' + String(e && e.message || e);
}

const quote = (s) => '"' + s.replace(/[\x00-\x1f\x7f]/g,
  (c) => '\\x' + c.charCodeAt(0).toString(16).padStart(2, '0')) + '"';

const out = [];
const flush = () => { if (out.length) { fs.writeSync(1, out.join('\n') + '\n'); out.length = 0; } };
let instance = null;
for (const cmd of doc.commands) {
  if (cmd.type === 'module') {
    instance = null;
    try {
      const mod = new WebAssembly.Module(fs.readFileSync(path.join(dir, cmd.filename)));
      instance = new WebAssembly.Instance(mod, {});
      out.push('module: ok');
    } catch (e) {
      out.push('module: ' + describe(e));
    }
    continue;
  }
  if (!cmd.action) continue;
  const act = cmd.action;
  const head = (act.type || 'invoke') + ' ' + quote(act.field) + ': ';
  if (!instance) { out.push(head + 'error: no module to act on'); continue; }
  const f = instance.exports[act.field];
  if (typeof f !== 'function') { out.push(head + 'error: unknown export ' + quote(act.field)); continue; }
  const types = (cmd.expected || []).map((e) => e.type);
  let result;
  try {
    // Printed before the call, so that a crash of node is seen at the right command.
    flush();
    result = f(...(act.args || []).map(toArg));
  } catch (e) {
    out.push(head + describe(e));
    continue;
  }
  const values = types.length === 1 ? [result] : types.length === 0 ? [] : Array.from(result);
  out.push(head + 'ok' + values.map((x, i) => ' ' + formatValue(types[i], x)).join(''));
}
out.push('end: ok');
flush();
