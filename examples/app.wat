;; A WASI command: prints a line and its argument count, exits with status 3.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 64) "Hello from a WASI app! arguments: ?\n")
  (func (export "_start")
    ;; argc (with the program name) at 0, the size of the strings at 4.
    (drop (call $args_sizes_get (i32.const 0) (i32.const 4)))
    ;; Replace the `?` with the argument count as one digit.
    (i32.store8 (i32.const 98) (i32.add (i32.const 48) (i32.load (i32.const 0))))
    ;; One iovec at 16: {64, 36}; bytes written at 24.
    (i32.store (i32.const 16) (i32.const 64))
    (i32.store (i32.const 20) (i32.const 36))
    (drop (call $fd_write (i32.const 1) (i32.const 16) (i32.const 1) (i32.const 24)))
    (call $proc_exit (i32.const 3))))
