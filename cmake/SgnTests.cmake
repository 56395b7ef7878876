# SPDX-License-Identifier: MIT
# One cmocka binary per module; every case registered as its own CTest test.
# A case is any line `cmocka_unit_test(test_xxx)` in the source.
set(SGN_TEST_DATA ${CMAKE_SOURCE_DIR}/tests/data)
set(SGN_CASES ${CMAKE_SOURCE_DIR}/tests/data/cases)

file(GLOB SGN_UNIT_TESTS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/unit/test_*.c)
foreach(src ${SGN_UNIT_TESTS})
  get_filename_component(name ${src} NAME_WE)
  add_executable(${name} ${src})
  target_link_libraries(${name} PRIVATE signet_lib PkgConfig::CMOCKA)
  target_include_directories(${name} PRIVATE ${CMAKE_SOURCE_DIR}/src/lib)
  target_compile_definitions(${name} PRIVATE SGN_TEST_DATA="${SGN_TEST_DATA}" SGN_CASES="${SGN_CASES}")
  file(STRINGS ${src} cases REGEX "cmocka_unit_test[a-z_]*\\(test_[A-Za-z0-9_]+")
  foreach(line ${cases})
    # The name inside the parentheses (not the "test_setup_teardown" of the macro).
    string(REGEX MATCH "\\((test_[A-Za-z0-9_]+)" _ ${line})
    set(case ${CMAKE_MATCH_1})
    if(name STREQUAL "test_runtime")
      # Starts a real named: only inside a private network namespace.
      add_test(NAME ${name}.${case}
        COMMAND ${CMAKE_SOURCE_DIR}/tests/system/run-in-netns $<TARGET_FILE:${name}>)
    else()
      add_test(NAME ${name}.${case} COMMAND ${name})
    endif()
    set_tests_properties(${name}.${case} PROPERTIES ENVIRONMENT "CMOCKA_TEST_ABORT=1;SGN_ONLY=${case}" LABELS unit)
  endforeach()
endforeach()

# System tests: one script per scenario, real named/rndc/dig/delv inside a
# private network namespace (tests/system/run-in-netns).
file(GLOB SGN_SYSTEM_TESTS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/system/t_*.sh)
foreach(script ${SGN_SYSTEM_TESTS})
  get_filename_component(name ${script} NAME_WE)
  add_test(NAME system.${name}
    COMMAND ${CMAKE_SOURCE_DIR}/tests/system/run-in-netns ${script}
    WORKING_DIRECTORY ${CMAKE_BINARY_DIR})
  set_tests_properties(system.${name} PROPERTIES
    ENVIRONMENT "SIGNET=${CMAKE_BINARY_DIR}/signet;SGN_SRC=${CMAKE_SOURCE_DIR};SGN_CASES=${SGN_CASES}"
    LABELS system TIMEOUT 600)
  if(name MATCHES "^t_rollover_")
    # whole key rollovers under a validating resolver: minutes each
    set_tests_properties(system.${name} PROPERTIES LABELS "system;rollover")
  endif()
endforeach()
