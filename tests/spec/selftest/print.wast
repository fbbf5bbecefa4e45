;; akira-wast --print-results: every module and action command is printed with exact
;; result bits or its error, nothing is asserted (print.expected is the output). An
;; action with several results is written as an assertion: wast2json 1.0.32 writes the
;; JSON of such an action without commas between its result types.
(module
  (memory 1)
  (func (export "values") (result i32 i64 f32 f64)
    (i32.const -1) (i64.const 42) (f32.const nan:0x200001) (f64.const -0))
  (func (export "vec") (result v128) (v128.const i32x4 1 2 3 4))
  (func (export "div") (param i32) (result i32) (i32.div_u (i32.const 7) (local.get 0)))
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
  (func $rec (export "rec") (call $rec)))
(assert_return (invoke "values") (i32.const 0) (i64.const 0) (f32.const 0) (f64.const 0))
(invoke "vec")
(invoke "div" (i32.const 2))
(invoke "div" (i32.const 0))
(assert_return (invoke "load" (i32.const 65536)) (i32.const 0))
(invoke "rec")
(assert_invalid (module (func (result i32))) "type mismatch")
(module (func (export "after") (result i32) (i32.const 1)))
(invoke "after")
