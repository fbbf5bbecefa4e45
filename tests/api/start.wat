(module
  (memory (export "memory") 1)
  (func $helper (i32.store (i32.const 70000) (i32.const 1)))
  (func $start (call $helper))
  (start $start))
