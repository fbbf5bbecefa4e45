;; Calls to imports that take and return nothing: native code passes them an argument
;; buffer too (a module whose only imports are such functions once crashed akirac).
(module
  (import "spectest" "print" (func $print))
  (global $n (mut i32) (i32.const 0))
  (func (export "run") (result i32)
    (call $print)
    (global.set $n (i32.add (global.get $n) (i32.const 1)))
    (call $print)
    (global.get $n)))

(assert_return (invoke "run") (i32.const 1))
(assert_return (invoke "run") (i32.const 2))
