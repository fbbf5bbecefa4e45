(module
  (import "env" "add" (func $add (param i32 i64) (result i64)))
  (import "env" "count" (func $count))
  (func (export "run") (param i32 i64) (result i64)
    (call $count)
    (call $count)
    (call $add (local.get 0) (local.get 1))))
