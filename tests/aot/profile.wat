;; Call counts with known answers: $fib recursion, a small $leaf called in a loop (inlined
;; into its caller at opt level 3), $via_table reached only through call_indirect, and
;; $never, which is not called.
(module
  (table 1 funcref)
  (elem (i32.const 0) $via_table)
  (func $fib (param i32) (result i32)
    (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
      (then (local.get 0))
      (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                     (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
  (func $leaf (param i32) (result i32)
    (i32.add (i32.mul (local.get 0) (i32.const 3)) (i32.const 1)))
  (func $via_table (param i32) (result i32)
    (i32.xor (local.get 0) (i32.const 0x55)))
  (func $never (result i32) (i32.const 0))
  (func (export "run") (param $n i32) (param $loops i32) (result i32)
    (local $i i32) (local $acc i32)
    (local.set $acc (call $fib (local.get $n)))
    (block $done
      (loop $again
        (br_if $done (i32.ge_u (local.get $i) (local.get $loops)))
        (local.set $acc (i32.add (local.get $acc) (call $leaf (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $again)))
    (local.set $i (i32.const 0))
    (block $done2
      (loop $again2
        (br_if $done2 (i32.ge_u (local.get $i) (i32.const 7)))
        (local.set $acc (call_indirect (param i32) (result i32) (local.get $acc) (i32.const 0)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $again2)))
    (local.get $acc))
)
