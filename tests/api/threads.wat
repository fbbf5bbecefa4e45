(module
  (import "" "hello" (func $hello (param i32) (result i32)))
  (func $step (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
  ;; sum of hello(i) for i in [0, n)
  (func (export "run") (param $n i32) (result i32)
    (local $i i32) (local $sum i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $sum (i32.add (local.get $sum) (call $hello (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (local.get $sum))
  ;; never returns: a loop without calls
  (func (export "spin") (param $x i32) (result i32)
    (loop $l
      (local.set $x (i32.add (local.get $x) (i32.const 1)))
      (br $l))
    (unreachable))
  ;; never returns: a loop that calls
  (func (export "spin_calls") (param $x i32) (result i32)
    (loop $l
      (local.set $x (call $step (local.get $x)))
      (br $l))
    (unreachable)))
