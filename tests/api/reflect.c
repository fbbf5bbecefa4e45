/* Reflection: a module's imports and exports with their names and full types. */
#include "common.h"

static int name_is(const wasm_name_t* n, const char* s) {
  return n->size == strlen(s) && memcmp(n->data, s, n->size) == 0;
}

static int types_are(const wasm_valtype_vec_t* v, size_t n, const wasm_valkind_t* kinds) {
  size_t i;
  if (v->size != n) return 0;
  for (i = 0; i < n; ++i)
    if (wasm_valtype_kind(v->data[i]) != kinds[i]) return 0;
  return 1;
}

int main(int argc, char** argv) {
  static const wasm_valkind_t f_params[] = {WASM_I32, WASM_F64}, f_results[] = {WASM_I64};
  static const wasm_valkind_t func_params[] = {WASM_I32, WASM_I64}, func_results[] = {WASM_I32, WASM_F32};
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module;
  wasm_importtype_vec_t imports;
  wasm_exporttype_vec_t exports;
  const wasm_externtype_t* t;
  const wasm_functype_t* ft;
  const wasm_globaltype_t* gt;
  const wasm_tabletype_t* tt;
  const wasm_memorytype_t* mt;
  REQUIRE(argc == 2);
  module = load_module(store, argv[1]);

  wasm_module_imports(module, &imports);
  REQUIRE(imports.size == 4);
  CHECK(name_is(wasm_importtype_module(imports.data[0]), "m") && name_is(wasm_importtype_name(imports.data[0]), "f"));
  t = wasm_importtype_type(imports.data[0]);
  CHECK(wasm_externtype_kind(t) == WASM_EXTERN_FUNC);
  ft = wasm_externtype_as_functype_const(t);
  REQUIRE(ft);
  CHECK(types_are(wasm_functype_params(ft), 2, f_params) && types_are(wasm_functype_results(ft), 1, f_results));
  CHECK(wasm_externtype_as_globaltype_const(t) == NULL);

  CHECK(name_is(wasm_importtype_name(imports.data[1]), "g"));
  gt = wasm_externtype_as_globaltype_const(wasm_importtype_type(imports.data[1]));
  REQUIRE(gt);
  CHECK(wasm_valtype_kind(wasm_globaltype_content(gt)) == WASM_F32 && wasm_globaltype_mutability(gt) == WASM_VAR);

  tt = wasm_externtype_as_tabletype_const(wasm_importtype_type(imports.data[2]));
  REQUIRE(tt);
  CHECK(wasm_valtype_kind(wasm_tabletype_element(tt)) == WASM_EXTERNREF);
  CHECK(wasm_tabletype_limits(tt)->min == 1 && wasm_tabletype_limits(tt)->max == 5);

  mt = wasm_externtype_as_memorytype_const(wasm_importtype_type(imports.data[3]));
  REQUIRE(mt);
  CHECK(wasm_memorytype_limits(mt)->min == 2 && wasm_memorytype_limits(mt)->max == wasm_limits_max_default);

  wasm_module_exports(module, &exports);
  REQUIRE(exports.size == 5);
  CHECK(name_is(wasm_exporttype_name(exports.data[0]), "func"));
  ft = wasm_externtype_as_functype_const(wasm_exporttype_type(exports.data[0]));
  REQUIRE(ft);
  CHECK(types_are(wasm_functype_params(ft), 2, func_params) && types_are(wasm_functype_results(ft), 2, func_results));
  CHECK(name_is(wasm_exporttype_name(exports.data[1]), "global"));
  gt = wasm_externtype_as_globaltype_const(wasm_exporttype_type(exports.data[1]));
  REQUIRE(gt);
  CHECK(wasm_valtype_kind(wasm_globaltype_content(gt)) == WASM_I64 && wasm_globaltype_mutability(gt) == WASM_CONST);
  CHECK(name_is(wasm_exporttype_name(exports.data[2]), "table"));
  tt = wasm_externtype_as_tabletype_const(wasm_exporttype_type(exports.data[2]));
  REQUIRE(tt);
  CHECK(wasm_valtype_kind(wasm_tabletype_element(tt)) == WASM_FUNCREF);
  CHECK(wasm_tabletype_limits(tt)->min == 3 && wasm_tabletype_limits(tt)->max == wasm_limits_max_default);
  CHECK(name_is(wasm_exporttype_name(exports.data[3]), "memory"));
  mt = wasm_externtype_as_memorytype_const(wasm_exporttype_type(exports.data[3]));
  REQUIRE(mt);
  CHECK(wasm_memorytype_limits(mt)->min == 2 && wasm_memorytype_limits(mt)->max == wasm_limits_max_default);
  CHECK(name_is(wasm_exporttype_name(exports.data[4]), "imported_func"));
  ft = wasm_externtype_as_functype_const(wasm_exporttype_type(exports.data[4]));
  CHECK(ft && types_are(wasm_functype_params(ft), 2, f_params));

  /* Copies are deep and equal. */
  {
    wasm_exporttype_vec_t copy;
    wasm_exporttype_vec_copy(&copy, &exports);
    CHECK(copy.size == 5 && copy.data[0] != exports.data[0]);
    CHECK(name_is(wasm_exporttype_name(copy.data[2]), "table"));
    CHECK(wasm_externtype_kind(wasm_exporttype_type(copy.data[2])) == WASM_EXTERN_TABLE);
    wasm_exporttype_vec_delete(&copy);
  }
  /* Types built by the host. */
  {
    wasm_name_t mod, name;
    wasm_importtype_t* it;
    wasm_functype_t* f =
        wasm_functype_new_3_2(wasm_valtype_new_i32(), wasm_valtype_new_f32(), wasm_valtype_new_funcref(),
                              wasm_valtype_new_externref(), wasm_valtype_new_i64());
    CHECK(wasm_functype_params(f)->size == 3 && wasm_functype_results(f)->size == 2);
    CHECK(wasm_valtype_is_ref(wasm_functype_params(f)->data[2]) &&
          wasm_valtype_is_num(wasm_functype_results(f)->data[1]));
    wasm_name_new_from_string(&mod, "env");
    wasm_name_new_from_string(&name, "fn");
    it = wasm_importtype_new(&mod, &name, wasm_functype_as_externtype(f));
    CHECK(name_is(wasm_importtype_module(it), "env") && name_is(wasm_importtype_name(it), "fn"));
    CHECK(wasm_externtype_kind(wasm_importtype_type(it)) == WASM_EXTERN_FUNC);
    wasm_importtype_delete(it);
  }

  wasm_importtype_vec_delete(&imports);
  wasm_exporttype_vec_delete(&exports);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return finish("reflect");
}
