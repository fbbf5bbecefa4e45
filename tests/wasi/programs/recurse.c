// Unbounded recursion with no shadow-stack frame: the wasm call stack runs out.
// The call goes through a volatile pointer so it cannot become a loop.
int recurse(int n);
int (*volatile next)(int) = recurse;

__attribute__((noinline)) int recurse(int n) { return next(n + 1) + 1; }

int main(int argc, char** argv) { return recurse(argc); }
