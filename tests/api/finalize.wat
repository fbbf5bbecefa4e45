(module
  (import "" "f" (func (param i32) (result i32)))
  (global (export "g") (mut i32) (i32.const 0))
  (table (export "t") 1 funcref)
  (memory (export "m") 1)
  (func (export "id") (param i32) (result i32) (local.get 0)))
