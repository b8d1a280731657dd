# Third-party libraries as imported targets:
#   flash::secp256k1  flash::libcrypto  flash::sqlite  flash::json  flash::catch2
#   flash::boost  flash::ssl (native only, for flash-node)
# Natively they come from Debian's -dev packages. For wasm they come from the prefix that
# tools/wasm-deps builds into a cache outside the tree (FLASH_WASM_DEPS).

if(EMSCRIPTEN)
  set(FLASH_WASM_DEPS "$ENV{FLASH_WASM_DEPS}" CACHE PATH "Prefix printed by tools/wasm-deps")
  if(NOT EXISTS "${FLASH_WASM_DEPS}/lib/libcrypto.a")
    message(FATAL_ERROR "No wasm dependencies at '${FLASH_WASM_DEPS}': run tools/wasm-deps and pass "
                        "its output as FLASH_WASM_DEPS")
  endif()
  foreach(dep IN ITEMS secp256k1 libcrypto sqlite)
    add_library(flash::${dep} STATIC IMPORTED)
    target_include_directories(flash::${dep} INTERFACE "${FLASH_WASM_DEPS}/include")
  endforeach()
  set_target_properties(flash::secp256k1 PROPERTIES IMPORTED_LOCATION "${FLASH_WASM_DEPS}/lib/libsecp256k1.a")
  set_target_properties(flash::libcrypto PROPERTIES IMPORTED_LOCATION "${FLASH_WASM_DEPS}/lib/libcrypto.a")
  set_target_properties(flash::sqlite PROPERTIES IMPORTED_LOCATION "${FLASH_WASM_DEPS}/lib/libsqlite3.a")
  # Header-only libraries: the prefix links to Debian's headers (the emscripten sysroot cannot
  # see /usr/include as a whole without pulling in glibc headers).
  add_library(flash::json INTERFACE IMPORTED)
  target_include_directories(flash::json INTERFACE "${FLASH_WASM_DEPS}/include")
  add_library(flash::catch2 INTERFACE IMPORTED)
  target_include_directories(flash::catch2 INTERFACE "${FLASH_WASM_DEPS}/include")
else()
  find_package(OpenSSL 3 REQUIRED COMPONENTS Crypto)
  find_package(SQLite3 REQUIRED)
  find_package(nlohmann_json 3 REQUIRED)
  find_package(PkgConfig REQUIRED)
  pkg_check_modules(SECP256K1 REQUIRED IMPORTED_TARGET libsecp256k1)
  add_library(flash::secp256k1 ALIAS PkgConfig::SECP256K1)
  add_library(flash::libcrypto ALIAS OpenSSL::Crypto)
  add_library(flash::sqlite ALIAS SQLite::SQLite3)
  add_library(flash::json ALIAS nlohmann_json::nlohmann_json)
  # flash-node only (never wasm): Boost.Beast/Asio are header-only; TLS needs libssl.
  find_package(Boost 1.74 REQUIRED)
  find_package(OpenSSL 3 REQUIRED COMPONENTS SSL)
  find_package(Threads REQUIRED)
  add_library(flash::boost ALIAS Boost::headers)
  add_library(flash::ssl ALIAS OpenSSL::SSL)
  if(FLASH_TESTS)
    find_package(Catch2 2 REQUIRED)
    add_library(flash::catch2 ALIAS Catch2::Catch2)
  endif()
endif()
