// test_main.cpp: the Catch2 main for the engine, app and ui tests (native and wasm under node).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
