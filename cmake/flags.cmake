# Every compiler and linker flag of the project lives here; presets only pick a build type and
# toggle FLASH_SANITIZE.
set(CMAKE_CXX_STANDARD 20)
set(CMAKE_CXX_STANDARD_REQUIRED ON)
set(CMAKE_CXX_EXTENSIONS OFF)
set(CMAKE_EXPORT_COMPILE_COMMANDS ON)

option(FLASH_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
option(FLASH_FUZZ "Build the libFuzzer targets in tools/fuzz (clang; implies the sanitizers)" OFF)

# Warnings for our own targets only (third-party code keeps its own).
add_library(flash_warnings INTERFACE)
target_compile_options(flash_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                       -Wno-sign-conversion)

if(EMSCRIPTEN)
  # C++ exceptions are part of the core's error model; without this flag emscripten aborts on throw.
  add_compile_options(-fwasm-exceptions)
  add_link_options(-fwasm-exceptions)
  set(CMAKE_CXX_FLAGS_RELEASE "-Oz -flto -DNDEBUG")
  set(CMAKE_C_FLAGS_RELEASE "-Oz -flto -DNDEBUG")
  # -Os, not -Oz, at the link: at -Oz emscripten links its smallest libc, whose memcpy and memset
  # move one byte per loop turn; they took a fifth of a NIP-44 round trip (+3.5 kB gzipped).
  set(CMAKE_EXE_LINKER_FLAGS_RELEASE "-Os -flto")
  # Memory grows on demand: NIP-49 scrypt with log_n = 20 alone needs 1 GiB.
  set(FLASH_WASM_LINK_OPTIONS -sALLOW_MEMORY_GROWTH=1 -sMAXIMUM_MEMORY=4GB)
endif()

if(NOT EMSCRIPTEN)
  # Line tables are all that stack traces, sanitizer reports and profilers read; full debug info of
  # Beast's coroutine templates makes a build half as slow again (CI has 45 minutes on 2 cores).
  foreach(lang C CXX)
    set(CMAKE_${lang}_FLAGS_RELWITHDEBINFO "-O2 -g1 -DNDEBUG")
    set(CMAKE_${lang}_FLAGS_DEBUG "-g1")
  endforeach()
endif()

if(FLASH_FUZZ)
  set(FLASH_SANITIZE ON)
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()

if(FLASH_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=address,undefined)
endif()
