/* The headers alone, held to C99 with declarations before statements (the style of
 * older C code bases): every inline helper and initializer macro is used once. */
#include <akira/akira.h>
#include <wasm.h>

#include <stdio.h>

int main(void) {
  wasm_val_t vals[6] = {WASM_I32_VAL(1),   WASM_I64_VAL(2),    WASM_F32_VAL(3.0f),
                        WASM_F64_VAL(4.0), WASM_REF_VAL(NULL), WASM_INIT_VAL};
  wasm_val_vec_t vec = WASM_ARRAY_VEC(vals), empty = WASM_EMPTY_VEC;
  wasm_functype_t* types[11];
  wasm_name_t name, name_nt;
  wasm_val_t ptr;
  size_t i;
  int failures = 0;
  types[0] = wasm_functype_new_0_0();
  types[1] = wasm_functype_new_1_0(wasm_valtype_new_i32());
  types[2] = wasm_functype_new_2_0(wasm_valtype_new_i32(), wasm_valtype_new_i64());
  types[3] = wasm_functype_new_3_0(wasm_valtype_new_i32(), wasm_valtype_new_i64(), wasm_valtype_new_f32());
  types[4] = wasm_functype_new_0_1(wasm_valtype_new_f64());
  types[5] = wasm_functype_new_1_1(wasm_valtype_new_externref(), wasm_valtype_new_funcref());
  types[6] = wasm_functype_new_2_1(wasm_valtype_new_i32(), wasm_valtype_new_i32(), wasm_valtype_new_i32());
  types[7] = wasm_functype_new_3_1(wasm_valtype_new_i32(), wasm_valtype_new_i32(), wasm_valtype_new_i32(),
                                   wasm_valtype_new_i32());
  types[8] = wasm_functype_new_0_2(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  types[9] = wasm_functype_new_1_2(wasm_valtype_new_i32(), wasm_valtype_new_i32(), wasm_valtype_new_i32());
  types[10] = wasm_functype_new_2_2(wasm_valtype_new_i32(), wasm_valtype_new_i32(), wasm_valtype_new_i32(),
                                    wasm_valtype_new_i32());
  for (i = 0; i < 11; ++i) {
    size_t params = wasm_functype_params(types[i])->size, results = wasm_functype_results(types[i])->size;
    static const size_t want[11][2] = {{0, 0}, {1, 0}, {2, 0}, {3, 0}, {0, 1}, {1, 1},
                                       {2, 1}, {3, 1}, {0, 2}, {1, 2}, {2, 2}};
    if (params != want[i][0] || results != want[i][1]) ++failures;
    wasm_functype_delete(types[i]);
  }
  if (!wasm_valkind_is_num(vals[3].kind) || !wasm_valkind_is_ref(vals[4].kind) || vals[5].kind != WASM_EXTERNREF)
    ++failures;
  /* The upstream header's name for the host reference kind. */
  if (WASM_ANYREF != WASM_EXTERNREF || !wasm_valkind_is_ref(WASM_ANYREF)) ++failures;
  if (vec.size != 6 || empty.size != 0 || empty.data != NULL) ++failures;
  wasm_name_new_from_string(&name, "abc");
  wasm_name_new_from_string_nt(&name_nt, "abc");
  if (name.size != 3 || name_nt.size != 4 || name_nt.data[3] != '\0') ++failures;
  wasm_name_delete(&name);
  wasm_name_delete(&name_nt);
  wasm_val_init_ptr(&ptr, &failures);
  if (wasm_val_ptr(&ptr) != (void*)&failures) ++failures;
  if (MEMORY_PAGE_SIZE != 65536 || wasm_limits_max_default != 0xffffffffu) ++failures;
  printf("header_check: %s\n", failures ? "FAILED" : "ok");
  return failures != 0;
}
