#!/usr/bin/env python3
"""Generates the spec-derived case tables of the exec unit tests.

Reads WebAssembly spec test scripts (.wast) and collects the assert_return /
assert_trap commands that invoke a function whose body is a single Pure or Trap
instruction of opcodes.def applied to its parameters in order, e.g.
  (func (export "add") (param $x i32) (param $y i32) (result i32)
    (i32.add (local.get $x) (local.get $y)))
Each such command becomes one row of a C++ table: the instruction's function,
its operands as raw bits, and the expected result (raw bits, a NaN class per
float lane, or a trap). Expected values are taken verbatim from the .wast file;
float literals are rounded to f32/f64 here with exact rational arithmetic.

Usage: exec_gen_cases.py OPCODES_DEF TESTSUITE_DIR OUT.inc MAX_PER_OP FILE.wast...
MAX_PER_OP limits the rows kept per instruction and file (evenly spaced over
the file's commands, so the first and last are always kept); 0 keeps all.
"""
import re
import sys
from fractions import Fraction

# ---------------------------------------------------------------- opcodes.def
def read_opcodes(path):
    ops = {}
    pat = re.compile(r'^OP\(\s*(\w+),\s*"([^"]+)",\s*(\w+),\s*(\w+),\s*(\w+),\s*(\w+),\s*"([^"]*)",\s*(\d+)\)')
    for line in open(path):
        m = pat.match(line)
        if m:
            name, text, _, _, imm, cls, sig, _ = m.groups()
            ops[text] = (name, imm, cls, sig)
    return ops

# ---------------------------------------------------------------- s-expressions
def tokenize(src):
    i, n = 0, len(src)
    toks = []
    while i < n:
        c = src[i]
        if c in ' \t\r\n':
            i += 1
        elif src.startswith(';;', i):
            j = src.find('\n', i)
            i = n if j < 0 else j
        elif src.startswith('(;', i):
            depth, i = 1, i + 2
            while depth:
                if src.startswith('(;', i): depth += 1; i += 2
                elif src.startswith(';)', i): depth -= 1; i += 2
                else: i += 1
        elif c in '()':
            toks.append((c, src.count('\n', 0, i) + 1 if c == '(' else 0))
            i += 1
        elif c == '"':
            j = i + 1
            while src[j] != '"':
                j += 2 if src[j] == '\\' else 1
            toks.append((src[i:j + 1], 0))
            i = j + 1
        else:
            j = i
            while j < n and src[j] not in ' \t\r\n()"' and not src.startswith(';;', j):
                j += 1
            toks.append((src[i:j], 0))
            i = j
    return toks

class SList(list):
    line = 0

def parse(toks):
    stack = [SList()]
    for t, line in toks:
        if t == '(':
            l = SList(); l.line = line
            stack[-1].append(l); stack.append(l)
        elif t == ')':
            stack.pop()
        else:
            stack[-1].append(t)
    return stack[0]

# ---------------------------------------------------------------- literals
def parse_int(s, bits):
    s = s.replace('_', '')
    neg = s.startswith('-')
    if s[0] in '+-': s = s[1:]
    v = int(s, 16) if s.lower().startswith('0x') else int(s)
    if neg: v = -v
    return v & ((1 << bits) - 1)

FMT = {32: (8, 23), 64: (11, 52)}

def float_bits(s, bits):
    """Exact IEEE bits of a wast float literal (round to nearest, ties to even)."""
    ebits, mbits = FMT[bits]
    s = s.replace('_', '')
    sign = 0
    if s[0] in '+-':
        sign = 1 if s[0] == '-' else 0
        s = s[1:]
    top = sign << (bits - 1)
    emax_field = (1 << ebits) - 1
    if s == 'inf':
        return top | (emax_field << mbits)
    if s.startswith('nan'):
        payload = 1 << (mbits - 1)
        if s.startswith('nan:0x'):
            payload = int(s[6:], 16)
        return top | (emax_field << mbits) | payload
    if s.lower().startswith('0x'):
        body = s[2:]
        exp = 0
        if 'p' in body.lower():
            body, e = re.split('[pP]', body)
            exp = int(e)
        if '.' in body:
            ip, fp = body.split('.')
        else:
            ip, fp = body, ''
        mant = int((ip or '0') + fp, 16) if (ip + fp) else 0
        val = Fraction(mant) * Fraction(2) ** (exp - 4 * len(fp))
    else:
        val = Fraction(s)
    if val == 0:
        return top
    bias = (1 << (ebits - 1)) - 1
    e = val.numerator.bit_length() - val.denominator.bit_length()
    while Fraction(2) ** e > val: e -= 1
    while Fraction(2) ** (e + 1) <= val: e += 1
    e = max(e, 1 - bias)
    scaled = val * Fraction(2) ** (mbits - e)
    m = scaled.numerator // scaled.denominator
    rem = scaled - m
    if rem > Fraction(1, 2) or (rem == Fraction(1, 2) and m % 2 == 1):
        m += 1
    if m == 1 << (mbits + 1):
        m >>= 1; e += 1
    if e > bias:
        raise ValueError('float literal out of range: ' + s)
    if m < (1 << mbits):  # subnormal
        return top | m
    return top | ((e + bias) << mbits) | (m - (1 << mbits))

LANES = {'i8x16': (16, 8, 'i'), 'i16x8': (8, 16, 'i'), 'i32x4': (4, 32, 'i'),
         'i64x2': (2, 64, 'i'), 'f32x4': (4, 32, 'f'), 'f64x2': (2, 64, 'f')}

# NaN expectation classes
EXACT, CANON, ARITH = 0, 1, 2

def parse_value(v):
    """(type char, 128-bit int value, float lane width or 0, [nan class per lane])"""
    op = v[0]
    if op == 'i32.const': return 'i', parse_int(v[1], 32), 0, [EXACT]
    if op == 'i64.const': return 'I', parse_int(v[1], 64), 0, [EXACT]
    if op in ('f32.const', 'f64.const'):
        bits = 32 if op == 'f32.const' else 64
        t = 'f' if bits == 32 else 'F'
        if v[1] == 'nan:canonical': return t, 0, bits, [CANON]
        if v[1] == 'nan:arithmetic': return t, 0, bits, [ARITH]
        return t, float_bits(v[1], bits), bits, [EXACT]
    if op == 'v128.const':
        n, w, kind = LANES[v[1]]
        lanes = v[2:]
        assert len(lanes) == n, v
        val, nans = 0, []
        for i, l in enumerate(lanes):
            cls = EXACT
            if kind == 'f' and l == 'nan:canonical': cls, x = CANON, 0
            elif kind == 'f' and l == 'nan:arithmetic': cls, x = ARITH, 0
            elif kind == 'f': x = float_bits(l, w)
            else: x = parse_int(l, w)
            val |= x << (i * w)
            nans.append(cls)
        return 'v', val, (w if kind == 'f' else 0), nans
    raise ValueError('unsupported value ' + str(op))

# ---------------------------------------------------------------- modules
def module_funcs(mod, ops):
    """export name -> (opcodes.def entry) for single-instruction functions."""
    out = {}
    for f in mod[1:]:
        if not isinstance(f, list) or not f or f[0] != 'func':
            continue
        export, params, body = None, [], None
        for part in f[1:]:
            if isinstance(part, list) and part:
                if part[0] == 'export': export = part[1].strip('"')
                elif part[0] == 'param':
                    names = [p for p in part[1:] if p.startswith('$')]
                    if names: params.append(names[0])
                    else: params.extend(str(len(params) + k) for k in range(len(part) - 1))
                elif part[0] in ('result', 'local', 'type'): pass
                else: body = part
        if export is None or body is None or body[0] not in ops:
            continue
        entry = ops[body[0]]
        nimm = {'None': 0, 'Lane': 1, 'Shuffle': 16}.get(entry[1])
        if entry[2] not in ('Pure', 'Trap') or nimm is None:
            continue
        imms, args = body[1:1 + nimm], body[1 + nimm:]
        if not all(isinstance(x, str) for x in imms):
            continue
        want = params if all(p.startswith('$') for p in params) else [str(i) for i in range(len(params))]
        if len(args) != len(want) or not all(
                isinstance(a, list) and len(a) == 2 and a[0] == 'local.get' and a[1] == w
                for a, w in zip(args, want)):
            continue
        out[export] = (entry, [parse_int(x, 8) for x in imms])
    return out

TRAPS = {'integer divide by zero': 'IntDivByZero', 'integer overflow': 'IntOverflow',
         'invalid conversion to integer': 'InvalidConversion'}

def val_init(v):
    lo, hi = v & ((1 << 64) - 1), v >> 64
    return '{0x%x, 0x%x}' % (lo, hi) if hi else '{0x%x}' % lo

def collect(path, ops):
    rows = []
    funcs, named = {}, {}
    for cmd in parse(tokenize(open(path).read())):
        if not isinstance(cmd, list) or not cmd:
            continue
        if cmd[0] == 'module':
            if len(cmd) > 1 and cmd[1] in ('quote', 'binary'):
                continue
            funcs = module_funcs(cmd, ops)
            if len(cmd) > 1 and isinstance(cmd[1], str) and cmd[1].startswith('$'):
                named[cmd[1]] = funcs
            continue
        if cmd[0] not in ('assert_return', 'assert_trap'):
            continue
        inv = cmd[1]
        if not isinstance(inv, list) or inv[0] != 'invoke':
            continue
        table = funcs
        rest = inv[1:]
        if rest[0].startswith('$'):
            table = named.get(rest[0], {})
            rest = rest[1:]
        name = rest[0].strip('"')
        if name not in table:
            continue
        entry, imms = table[name]
        try:
            args = [parse_value(a) for a in rest[1:]]
            if cmd[0] == 'assert_return':
                if len(cmd) != 3 or cmd[2][0] == 'either':
                    continue
                res = parse_value(cmd[2])
                trap = None
            else:
                res = None
                trap = TRAPS.get(cmd[2].strip('"'))
                if trap is None: continue
        except ValueError:
            continue
        rows.append((entry, cmd.line, args, res, trap, imms))
    return rows

def value_class(t, v, w, nans):
    """A coarse class of a value: rows whose operands and result fall in the same
    classes exercise the same behaviour, so only the first of them is kept."""
    if any(n != EXACT for n in nans):
        return 'nan%d' % nans[0]
    def fcls(x, bits):
        ebits, mbits = FMT[bits]
        sign = x >> (bits - 1)
        e = (x >> mbits) & ((1 << ebits) - 1)
        m = x & ((1 << mbits) - 1)
        if e == (1 << ebits) - 1: c = 'nan' + ('q' if m >> (mbits - 1) else 's') if m else 'inf'
        elif e == 0: c = 'sub' if m else 'zero'
        elif m == 0 and e == (1 << (ebits - 1)) - 1: c = 'one'
        elif e < (1 << (ebits - 1)) - 1: c = 'small'
        else: c = 'norm' if e < (1 << ebits) - 2 else 'huge'
        return ('-' if sign else '+') + c
    def icls(x, bits):
        m = (1 << bits) - 1
        for val, c in ((0, '0'), (1, '1'), (m, '-1'), (1 << (bits - 1), 'min'), (m >> 1, 'max')):
            if x == val: return c
        return 'neg' if x >> (bits - 1) else 'pos'
    if t in 'fF': return fcls(v, w)
    if t == 'i': return icls(v, 32)
    if t == 'I': return icls(v, 64)
    # v128: classify each lane by its shape
    kind = fcls if w else icls
    w = w or 32
    lanes = [(v >> (i * w)) & ((1 << w) - 1) for i in range(128 // w)]
    return tuple(kind(l, w) for l in lanes)

def dedupe(rows):
    seen, out = set(), []
    for r in rows:
        entry, line, args, res, trap, imms = r
        key = (tuple(imms), tuple(value_class(*a) for a in args), trap or value_class(*res))
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out

def thin(rows, cap):
    if cap <= 0 or len(rows) <= cap:
        return rows
    idx = sorted({round(i * (len(rows) - 1) / (cap - 1)) for i in range(cap)})
    return [rows[i] for i in idx]

def main():
    defs, suite, out, cap = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    ops = read_opcodes(defs)
    lines = ['// Generated by exec_gen_cases.py from the WebAssembly spec test suite;',
             '// Each row: CASE(line in WAST, function, expected result, operands...), or',
             '// CASEI(line, function, IMM(lane immediates), expected result, operands...);',
             '// RET(float lane width or 0, NaN class per lane: 0 exact 1 canonical 2 arithmetic, bits).',
             '// Command: exec_gen_cases.py opcodes.def <testsuite> <out> ' + ' '.join(sys.argv[4:]),
             '// Do not edit by hand.']
    total = 0
    for wast in sys.argv[5:]:
        rows = collect(suite + '/' + wast, ops)
        by_op = {}
        for r in rows:
            by_op.setdefault(r[0][0], []).append(r)
        kept = []
        for name in by_op:
            kept += thin(dedupe(by_op[name]), cap)
        kept.sort(key=lambda r: r[1])
        if not kept:
            continue
        lines += ['#undef WAST', '#define WAST "%s"' % wast]
        for (name, imm, cls, sig), line, args, res, trap, imms in kept:
            a = ', '.join(val_init(x[1]) for x in args) or '{0}'
            if trap:
                exp = 'TRAP(%s)' % trap
            else:
                t, v, w, nans = res
                exp = 'RET(%d, "%s", %s)' % (w, ''.join(str(n) for n in nans), val_init(v))
            if imms:
                lines.append('CASEI(%d, %s, IMM(%s), %s, %s)' % (line, name, ', '.join(map(str, imms)), exp, a))
            else:
                lines.append('CASE(%d, %s, %s, %s)' % (line, name, exp, a))
            total += 1
    lines += ['#undef WAST', '// %d cases' % total]
    open(out, 'w').write('\n'.join(lines) + '\n')
    print(out, total, 'cases')

if __name__ == '__main__':
    main()
