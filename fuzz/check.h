// FUZZ_CHECK: a property every fuzz target asserts on its outputs. A violation prints what
// failed and aborts, which libFuzzer reports as a crash (and saves the input) and which fails
// the replay test. Independent of NDEBUG: the checks are the point of the target.
#pragma once

#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(cond, ...)                                                      \
  do {                                                                             \
    if (!(cond)) {                                                                 \
      std::fprintf(stderr, "%s:%d: FUZZ_CHECK(%s) failed: ", __FILE__, __LINE__, #cond); \
      std::fprintf(stderr, __VA_ARGS__);                                           \
      std::fputc('\n', stderr);                                                    \
      std::abort();                                                                \
    }                                                                              \
  } while (false)
