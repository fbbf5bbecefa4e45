;; A check of akira-wast itself: every command below either passes or is a deliberate
;; failure listed in runner-known-failures.txt beside this file. The test passes only
;; when exactly the listed commands fail, so it catches a runner that passes too much
;; (or too little).
(module
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "snan") (result f32) (f32.const nan:0x200000))
  (func (export "qnan") (result f64) (f64.const -nan:0x8000000000001))
  (func (export "cnan") (result f32) (f32.const -nan))
  (func (export "div") (param i32) (result i32) (i32.div_u (i32.const 1) (local.get 0)))
  (func $r (export "rec") (call $r))
  (func (export "ext") (param externref) (result externref) (local.get 0))
  (func (export "v") (result v128) (v128.const f32x4 nan 1 2 -0))
  (global (export "g") i64 (i64.const -1))
)
(assert_return (invoke "add" (i32.const 1) (i32.const 2)) (i32.const 3))
(assert_return (invoke "add" (i32.const 1) (i32.const 2)) (i32.const 4))          ;; fails
(assert_return (invoke "cnan") (f32.const nan:canonical))
(assert_return (invoke "cnan") (f32.const nan:arithmetic))
(assert_return (invoke "qnan") (f64.const nan:arithmetic))
(assert_return (invoke "qnan") (f64.const nan:canonical))                         ;; fails
(assert_return (invoke "snan") (f32.const nan:arithmetic))                        ;; fails
(assert_return (get "g") (i64.const -1))
(assert_trap (invoke "div" (i32.const 0)) "integer divide by zero")
(assert_trap (invoke "div" (i32.const 1)) "integer divide by zero")               ;; fails
(assert_exhaustion (invoke "rec") "call stack exhausted")
(assert_return (invoke "ext" (ref.extern 7)) (ref.extern 7))
(assert_return (invoke "ext" (ref.extern 0)) (ref.extern 0))
(assert_return (invoke "ext" (ref.extern 0)) (ref.null extern))                   ;; fails
(assert_return (invoke "ext" (ref.null extern)) (ref.null extern))
(assert_return (invoke "v") (v128.const f32x4 nan:canonical 1 2 -0))
(assert_return (invoke "v") (v128.const f32x4 nan:canonical 1 2 0))               ;; fails
(assert_invalid (module (func (result i32))) "type mismatch")
(assert_invalid (module (func (result i32) (i32.const 0))) "type mismatch")      ;; fails
(assert_malformed (module binary "\00asm\02\00\00\00") "unknown binary version")
(assert_malformed (module quote "(func") "unexpected end")                       ;; skipped
(assert_unlinkable (module (import "spectest" "nope" (func))) "unknown import")
(assert_unlinkable (module (import "spectest" "print_i32" (func))) "incompatible import type")
(assert_trap (module (func $s unreachable) (start $s)) "unreachable")
(assert_trap (module (func $s) (start $s)) "unreachable")                         ;; fails
(module $M (global (export "g") (mut i32) (i32.const 5)) (memory (export "mem") 1))
(register "M" $M)
(module (import "M" "g" (global (mut i32))) (import "spectest" "memory" (memory 1 2))
  (import "spectest" "global_i32" (global $s i32))
  (func (export "s") (result i32) (global.get $s)))
(assert_return (invoke "s") (i32.const 666))
(assert_return (invoke $M "g" (i32.const 1)) (i32.const 5))                      ;; fails
