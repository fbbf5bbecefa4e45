;; Imports one host function and exports `run`, which calls it.
(module
  (import "host" "hello" (func $hello (param i32) (result i32)))
  (func (export "run") (param i32) (result i32)
    (call $hello (local.get 0))))
