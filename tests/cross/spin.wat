;; For interrupt.c: `spin` counts in memory[0] forever (a loop with no call in it);
;; `answer` returns 42 (the store still works after the interrupt).
(module
  (memory (export "memory") 1)
  (func (export "spin")
    (loop $forever
      (i32.store (i32.const 0) (i32.add (i32.load (i32.const 0)) (i32.const 1)))
      (br $forever)))
  (func (export "answer") (result i32) (i32.const 42)))
