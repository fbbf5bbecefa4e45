;; br_table whose targets include enclosing loops: backward jumps through the table,
;; at several depths, mixed with forward targets, and carrying loop parameters.

(module
  ;; The smallest case: every entry and the default go back to the loop.
  (func (export "to_loop") (result i32) (local i32)
    (loop
      (local.set 0 (i32.add (local.get 0) (i32.const 1)))
      (if (i32.ge_u (local.get 0) (i32.const 3)) (then (return (i32.const 7))))
      (br_table 0 0 (i32.const 0)))
    (unreachable))

  ;; Index picks between the loop (backward) and the block around it (forward);
  ;; counts the iterations until the selector says stop.
  (func (export "loop_or_exit") (param $stop i32) (result i32) (local $n i32)
    (block $exit
      (loop $top
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (br_table $top $exit (i32.ge_u (local.get $n) (local.get $stop)))))
    (local.get $n))

  ;; Three nested loops: the table reaches each of them, and the default leaves.
  (func (export "nested") (param $k i32) (result i32) (local $a i32) (local $b i32) (local $c i32)
    (block $out
      (loop $l0
        (local.set $a (i32.add (local.get $a) (i32.const 1)))
        (loop $l1
          (local.set $b (i32.add (local.get $b) (i32.const 1)))
          (loop $l2
            (local.set $c (i32.add (local.get $c) (i32.const 1)))
            (br_table $l2 $l1 $l0 $out
              (select
                (i32.rem_u (i32.add (local.get $a) (i32.add (local.get $b) (local.get $c))) (i32.const 3))
                (i32.const 3)
                (i32.lt_u (i32.add (local.get $a) (i32.add (local.get $b) (local.get $c))) (local.get $k))))))))
    (i32.add (i32.mul (local.get $a) (i32.const 10000))
             (i32.add (i32.mul (local.get $b) (i32.const 100)) (local.get $c))))

  ;; A loop with a parameter: the branch carries the next value back in.
  (func (export "loop_param") (param $n i32) (result i32) (local $v i32)
    (i32.const 0)
    (loop $l (param i32) (result i32)
      (local.set $v (i32.add (i32.const 1)))
      (local.get $v)
      (br_table $l $l 1
        (select (i32.const 0) (i32.const 2) (i32.lt_u (local.get $v) (local.get $n))))))

  ;; Two values carried by a loop with two parameters; the default is the loop.
  (func (export "loop_two") (param $n i32) (result i32 i32)
    (local $i i32)
    (i32.const 1) (i32.const 1)
    (block $done (param i32 i32) (result i32 i32)
      (loop $fib (param i32 i32) (result i32 i32)
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        ;; (a, b) -> (b, a + b)
        (call $step)
        (br_table $done $fib (i32.lt_u (local.get $i) (local.get $n))))))
  (func $step (param i32 i32) (result i32 i32)
    (local.get 1) (i32.add (local.get 0) (local.get 1)))

  ;; The loop is the default target and the only entry goes forward.
  (func (export "default_loop") (param $n i32) (result i32) (local $i i32)
    (block $b
      (loop $l
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_table $b $l (i32.lt_u (local.get $i) (local.get $n)))))
    (local.get $i))

  ;; Far backward jump over a long table: only entry 40 leaves.
  (func (export "long_table") (param $stop i32) (result i32) (local $i i32)
    (block $exit
      (loop $l
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_table
          $l $l $l $l $l $l $l $l $l $l $l $l $l $l $l $l $l $l $l $l
          $l $l $l $l $l $l $l $l $l $l $l $l $l $l $l $l $l $l $l $l
          $exit $l
          (select (i32.const 40) (local.get $i) (i32.ge_u (local.get $i) (local.get $stop))))))
    (local.get $i))
)

(assert_return (invoke "to_loop") (i32.const 7))
(assert_return (invoke "loop_or_exit" (i32.const 1)) (i32.const 1))
(assert_return (invoke "loop_or_exit" (i32.const 5)) (i32.const 5))
(assert_return (invoke "loop_or_exit" (i32.const 1000)) (i32.const 1000))
(assert_return (invoke "nested" (i32.const 0)) (i32.const 10101))
(assert_return (invoke "nested" (i32.const 4)) (i32.const 10102))
(assert_return (invoke "nested" (i32.const 12)) (i32.const 10407))
(assert_return (invoke "nested" (i32.const 40)) (i32.const 11326))
(assert_return (invoke "loop_param" (i32.const 0)) (i32.const 1))
(assert_return (invoke "loop_param" (i32.const 10)) (i32.const 10))
(assert_return (invoke "loop_two" (i32.const 1)) (i32.const 1) (i32.const 2))
(assert_return (invoke "loop_two" (i32.const 10)) (i32.const 89) (i32.const 144))
(assert_return (invoke "default_loop" (i32.const 1)) (i32.const 1))
(assert_return (invoke "default_loop" (i32.const 33)) (i32.const 33))
(assert_return (invoke "long_table" (i32.const 3)) (i32.const 3))
(assert_return (invoke "long_table" (i32.const 39)) (i32.const 39))
(assert_return (invoke "long_table" (i32.const 41)) (i32.const 40))  ;; entry 40 leaves
