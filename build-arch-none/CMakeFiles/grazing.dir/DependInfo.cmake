
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/main/src/app/bench_command.cpp" "CMakeFiles/grazing.dir/src/app/bench_command.cpp.o" "gcc" "CMakeFiles/grazing.dir/src/app/bench_command.cpp.o.d"
  "/work/main/src/app/list_command.cpp" "CMakeFiles/grazing.dir/src/app/list_command.cpp.o" "gcc" "CMakeFiles/grazing.dir/src/app/list_command.cpp.o.d"
  "/work/main/src/app/main.cpp" "CMakeFiles/grazing.dir/src/app/main.cpp.o" "gcc" "CMakeFiles/grazing.dir/src/app/main.cpp.o.d"
  "/work/main/src/app/plot_command.cpp" "CMakeFiles/grazing.dir/src/app/plot_command.cpp.o" "gcc" "CMakeFiles/grazing.dir/src/app/plot_command.cpp.o.d"
  "/work/main/src/app/run_command.cpp" "CMakeFiles/grazing.dir/src/app/run_command.cpp.o" "gcc" "CMakeFiles/grazing.dir/src/app/run_command.cpp.o.d"
  "/work/main/src/app/study_command.cpp" "CMakeFiles/grazing.dir/src/app/study_command.cpp.o" "gcc" "CMakeFiles/grazing.dir/src/app/study_command.cpp.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  "/work/main/build-arch-none/CMakeFiles/grazing_core.dir/DependInfo.cmake"
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
