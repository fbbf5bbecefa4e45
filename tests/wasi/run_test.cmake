# Runs one WASI end-to-end test (see CMakeLists.txt):
#   -DAKIRA=<akira> -DCLANG=<clang> -DWORK=<scratch dir> -DNAME=<test>
#   [-DSRC=<program.c>] [-DCFLAGS=a|b] [-DMODULE=<file instead of SRC>]
#   [-DAKIRA_ARGS=a|b] [-DPROG_ARGS=a|b] [-DEXPECTED=<stdout file>] [-DSTATUS=<exit status>]
#   [-DSTDERR_REGEX=<regex>] [-DINPUT=<stdin file>]
# Lists are '|'-separated. The scratch dir gets a fresh sandbox/ (preopened as
# /sandbox by the tests) next to an outside/ directory that must stay untouched.
foreach(v AKIRA_ARGS PROG_ARGS CFLAGS)
  string(REPLACE "|" ";" ${v} "${${v}}")
endforeach()
if(NOT DEFINED STATUS)
  set(STATUS 0)
endif()

file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK}/sandbox/sub ${WORK}/outside)
file(WRITE ${WORK}/sandbox/hello.txt "hello from the host\n")
file(WRITE ${WORK}/sandbox/sub/a.txt "a\n")
file(WRITE ${WORK}/outside/secret.txt "secret\n")
file(CREATE_LINK ../outside ${WORK}/sandbox/link_out SYMBOLIC)
file(CREATE_LINK /etc ${WORK}/sandbox/link_abs SYMBOLIC)
file(CREATE_LINK sub/a.txt ${WORK}/sandbox/link_in SYMBOLIC)

if(SRC)
  execute_process(
    COMMAND ${CLANG} --target=wasm32-wasi -Wno-deprecated --sysroot=/usr -O2 ${CFLAGS} ${SRC} -o ${WORK}/prog.wasm
    RESULT_VARIABLE rc ERROR_VARIABLE cerr)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "compiling ${SRC} failed:\n${cerr}")
  endif()
  set(MODULE ${WORK}/prog.wasm)
endif()

set(input_args)
if(INPUT)
  set(input_args INPUT_FILE ${INPUT})
endif()
execute_process(
  COMMAND ${AKIRA} run ${AKIRA_ARGS} ${MODULE} ${PROG_ARGS}
  WORKING_DIRECTORY ${WORK}
  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE status ${input_args}
  TIMEOUT 60)

set(failed "")
if(NOT "${status}" STREQUAL "${STATUS}")
  string(APPEND failed "exit status ${status}, expected ${STATUS}\n")
endif()
if(EXPECTED)
  file(READ ${EXPECTED} want)
  if(NOT "${out}" STREQUAL "${want}")
    string(APPEND failed "stdout differs.\n--- expected\n${want}--- got\n${out}---\n")
  endif()
endif()
if(STDERR_REGEX AND NOT "${err}" MATCHES "${STDERR_REGEX}")
  string(APPEND failed "stderr does not match '${STDERR_REGEX}'\n")
endif()
# Whatever the program did, nothing outside the sandbox changed.
file(GLOB outside_now RELATIVE ${WORK}/outside ${WORK}/outside/*)
file(READ ${WORK}/outside/secret.txt secret)
if(NOT "${outside_now}" STREQUAL "secret.txt" OR NOT "${secret}" STREQUAL "secret\n")
  string(APPEND failed "the outside directory changed: ${outside_now}\n")
endif()
file(GLOB work_now RELATIVE ${WORK} ${WORK}/*)
list(REMOVE_ITEM work_now sandbox outside prog.wasm)
if(work_now)
  string(APPEND failed "files appeared next to the sandbox: ${work_now}\n")
endif()

if(failed)
  message(FATAL_ERROR "${NAME}: ${failed}stderr:\n${err}")
endif()
file(REMOVE_RECURSE ${WORK})
