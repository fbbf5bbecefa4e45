;; Loops over memory, in bounds and running off either end. akirac gives such loops a
;; copy with ordinary accesses when a check before the loop proves every access of every
;; iteration in bounds; when it cannot, the loop must trap at the first bad access, with
;; the stores of the earlier iterations done and none of the later ones.
(module
  (memory 1 3)
  ;; dst[i] = src[i] * 3 for i in [0, n), 32-bit elements
  (func (export "scale") (param $dst i32) (param $src i32) (param $n i32) (local $i i32)
    (block $done
      (br_if $done (i32.eqz (local.get $n)))
      (loop $l
        (i32.store
          (i32.add (local.get $dst) (i32.shl (local.get $i) (i32.const 2)))
          (i32.mul (i32.load (i32.add (local.get $src) (i32.shl (local.get $i) (i32.const 2))))
                   (i32.const 3)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $l (i32.lt_u (local.get $i) (local.get $n))))))
  ;; a[i] += 1 for i from n - 1 down to 0, bytes, through an offset
  (func (export "bump_down") (param $a i32) (param $n i32)
    (block $done
      (br_if $done (i32.eqz (local.get $n)))
      (loop $l
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (i32.store8 offset=16 (i32.add (local.get $a) (local.get $n))
          (i32.add (i32.load8_u offset=16 (i32.add (local.get $a) (local.get $n))) (i32.const 1)))
        (br_if $l (local.get $n)))))
  ;; sum of n 64-bit words read from p with a stride of s bytes (s may be negative)
  (func (export "sum") (param $p i32) (param $s i32) (param $n i32) (result i64) (local $acc i64)
    (block $done
      (br_if $done (i32.eqz (local.get $n)))
      (loop $l
        (local.set $acc (i64.add (local.get $acc) (i64.load (local.get $p))))
        (local.set $p (i32.add (local.get $p) (local.get $s)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br_if $l (local.get $n))))
    (local.get $acc))
  ;; fill n bytes from p with v, one byte at a time
  (func (export "fill") (param $p i32) (param $v i32) (param $n i32) (local $i i32)
    (block $done
      (br_if $done (i32.eqz (local.get $n)))
      (loop $l
        (i32.store8 (i32.add (local.get $p) (local.get $i)) (local.get $v))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $l (i32.ne (local.get $i) (local.get $n))))))
  (func (export "load32") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "load8") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "grow") (result i32) (memory.grow (i32.const 1)))
  (func (export "init") (local $i i32)
    (loop $l
      (i32.store (i32.shl (local.get $i) (i32.const 2)) (local.get $i))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 64)))))
)
(invoke "init")  ;; words 0..63 at addresses 0..252 hold 0..63

;; In bounds: the results.
(assert_return (invoke "scale" (i32.const 1024) (i32.const 0) (i32.const 64)))
(assert_return (invoke "load32" (i32.const 1024)) (i32.const 0))
(assert_return (invoke "load32" (i32.const 1028)) (i32.const 3))
(assert_return (invoke "load32" (i32.const 1276)) (i32.const 189))
(assert_return (invoke "sum" (i32.const 0) (i32.const 8) (i32.const 32)) (i64.const 4398046512096))
(assert_return (invoke "sum" (i32.const 248) (i32.const -8) (i32.const 32)) (i64.const 4398046512096))
(assert_return (invoke "fill" (i32.const 65000) (i32.const 7) (i32.const 536)))
(assert_return (invoke "load8" (i32.const 65535)) (i32.const 7))

;; The last iteration runs off the end: every earlier store is done.
(assert_trap (invoke "fill" (i32.const 65530) (i32.const 9) (i32.const 7)) "out of bounds memory access")
(assert_return (invoke "load8" (i32.const 65529)) (i32.const 7))
(assert_return (invoke "load8" (i32.const 65530)) (i32.const 9))
(assert_return (invoke "load8" (i32.const 65535)) (i32.const 9))
(assert_trap (invoke "scale" (i32.const 65280) (i32.const 0) (i32.const 65)) "out of bounds memory access")
(assert_return (invoke "load32" (i32.const 65532)) (i32.const 189))
;; The source runs off the end before the destination does: the loads trap in order.
(assert_trap (invoke "scale" (i32.const 2048) (i32.const 65528) (i32.const 4)) "out of bounds memory access")
(assert_return (invoke "load32" (i32.const 2048)) (i32.const 558))  ;; 186 * 3, written by the trapped scale
(assert_return (invoke "load32" (i32.const 2052)) (i32.const 567))
(assert_return (invoke "load32" (i32.const 2056)) (i32.const 0))

;; Downwards: the first iteration is out of bounds, so nothing is written...
(assert_trap (invoke "bump_down" (i32.const 65500) (i32.const 30)) "out of bounds memory access")
(assert_return (invoke "load32" (i32.const 65528)) (i32.const 186))
(assert_trap (invoke "bump_down" (i32.const 65510) (i32.const 20)) "out of bounds memory access")
(assert_return (invoke "load32" (i32.const 65524)) (i32.const 183))
;; ...and in bounds, every byte is bumped once.
(assert_return (invoke "bump_down" (i32.const 65500) (i32.const 20)))
(assert_return (invoke "load8" (i32.const 65515)) (i32.const 0))
(assert_return (invoke "load8" (i32.const 65516)) (i32.const 178))
(assert_return (invoke "load8" (i32.const 65535)) (i32.const 1))

;; Addresses that wrap around 2^32: the first access is out of bounds, though the
;; wrapped-around ones that follow would not be.
(assert_trap (invoke "sum" (i32.const -16) (i32.const 8) (i32.const 8)) "out of bounds memory access")
;; Down through address 0: the access below it (address -8) traps.
(assert_trap (invoke "sum" (i32.const 16) (i32.const -8) (i32.const 4)) "out of bounds memory access")
(assert_return (invoke "sum" (i32.const 16) (i32.const -8) (i32.const 3)) (i64.const 38654705670))

;; After memory.grow the loop may use the new page.
(assert_trap (invoke "fill" (i32.const 65536) (i32.const 1) (i32.const 100)) "out of bounds memory access")
(assert_return (invoke "grow") (i32.const 1))
(assert_return (invoke "fill" (i32.const 65536) (i32.const 1) (i32.const 65536)))
(assert_return (invoke "load8" (i32.const 131071)) (i32.const 1))
(assert_trap (invoke "fill" (i32.const 131000) (i32.const 2) (i32.const 100)) "out of bounds memory access")
(assert_return (invoke "load8" (i32.const 131071)) (i32.const 2))
