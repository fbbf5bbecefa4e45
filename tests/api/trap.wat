(module
  ;; $fail has a parameter: akirac crashes on calls to imports when no imported function
  ;; has parameters or results.
  (import "" "fail" (func $fail (param i32)))
  (func $inner (param i32) (result i32) (i32.div_s (i32.const 1) (local.get 0)))
  (func $middle (export "div") (param i32) (result i32) (call $inner (local.get 0)))
  (func (export "unreachable") (unreachable))
  (func (export "host") (call $fail (i32.const 0)))
  (func $deep (export "deep") (param i32) (result i32)
    (i32.add (call $deep (local.get 0)) (i32.const 1))))
