;; Traps for tests/cross/traps.sh, run by `akira run --invoke` on the target, interpreted
;; and as .aot. The run_* exports trap three calls deep (run_* -> $outer -> $middle ->
;; $inner_*); no call is in tail position, so optimised code keeps the frames it does not
;; inline and the backtraces can be compared with the interpreter's.
(module
  (memory 1)
  (func $inner_div (param i32) (result i32)
    (i32.div_s (i32.const 1000) (local.get 0)))
  (func $inner_unreachable (param i32) (result i32)
    (if (i32.eqz (local.get 0)) (then unreachable))
    (i32.mul (local.get 0) (i32.const 3)))
  (func $inner_load (param i32) (result i32)
    (i32.add (i32.load (i32.add (local.get 0) (i32.const 0x7fff0000))) (local.get 0)))
  (func $middle (param i32 i32) (result i32)
    (local $r i32)
    (if (i32.eq (local.get 1) (i32.const 0))
      (then (local.set $r (call $inner_unreachable (local.get 0)))))
    (if (i32.eq (local.get 1) (i32.const 1))
      (then (local.set $r (call $inner_div (local.get 0)))))
    (if (i32.eq (local.get 1) (i32.const 2))
      (then (local.set $r (call $inner_load (local.get 0)))))
    (i32.xor (local.get $r) (local.get 1)))
  (func $outer (param i32 i32) (result i32)
    (i32.sub (call $middle (local.get 0) (local.get 1)) (i32.const 5)))
  (func (export "run_unreachable") (param i32) (result i32)
    (i32.mul (call $outer (local.get 0) (i32.const 0)) (i32.const 2)))
  (func (export "run_div") (param i32) (result i32)
    (i32.mul (call $outer (local.get 0) (i32.const 1)) (i32.const 2)))
  (func (export "run_load") (param i32) (result i32)
    (i32.mul (call $outer (local.get 0) (i32.const 2)) (i32.const 2)))

  ;; Out of bounds just past the end of the one-page memory, and far beyond it (with
  ;; guard pages: inside the reserved region; the offset makes it exceed 4 GiB).
  (func (export "oob_edge") (result i32) (i32.load (i32.const 65534)))
  (func (export "oob_far") (result i32) (i32.load offset=0xfffffff0 (i32.const 0x7fffffff)))
  (func (export "oob_store") (i64.store (i32.const 0x10000) (i64.const 1)))
  ;; In bounds: the last word of the memory.
  (func (export "in_bounds") (result i32)
    (i32.store (i32.const 65532) (i32.const 0x1234))
    (i32.load (i32.const 65532)))

  ;; Unbounded recursion: the call stack is exhausted.
  (func $deep (export "recurse") (param i32) (result i32)
    (i32.add (call $deep (i32.add (local.get 0) (i32.const 1))) (i32.const 1)))
  (func $mutual_a (export "mutual") (param i32) (result i32)
    (i32.add (call $mutual_b (local.get 0)) (i32.const 1)))
  (func $mutual_b (param i32) (result i32)
    (i32.add (call $mutual_a (i32.add (local.get 0) (i32.const 1))) (i32.const 2)))

  ;; Fine arguments: the same paths without a trap.
  (func (export "ok") (param i32) (result i32)
    (call $outer (local.get 0) (i32.const 1)))
)
