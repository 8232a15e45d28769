
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/main/src/core/poisson.cpp" "CMakeFiles/grazing_core.dir/src/core/poisson.cpp.o" "gcc" "CMakeFiles/grazing_core.dir/src/core/poisson.cpp.o.d"
  "/work/main/src/diagnostics/estimators.cpp" "CMakeFiles/grazing_core.dir/src/diagnostics/estimators.cpp.o" "gcc" "CMakeFiles/grazing_core.dir/src/diagnostics/estimators.cpp.o.d"
  "/work/main/src/diagnostics/moments.cpp" "CMakeFiles/grazing_core.dir/src/diagnostics/moments.cpp.o" "gcc" "CMakeFiles/grazing_core.dir/src/diagnostics/moments.cpp.o.d"
  "/work/main/src/diagnostics/wasserstein.cpp" "CMakeFiles/grazing_core.dir/src/diagnostics/wasserstein.cpp.o" "gcc" "CMakeFiles/grazing_core.dir/src/diagnostics/wasserstein.cpp.o.d"
  "/work/main/src/initial/analytic.cpp" "CMakeFiles/grazing_core.dir/src/initial/analytic.cpp.o" "gcc" "CMakeFiles/grazing_core.dir/src/initial/analytic.cpp.o.d"
  "/work/main/src/initial/file.cpp" "CMakeFiles/grazing_core.dir/src/initial/file.cpp.o" "gcc" "CMakeFiles/grazing_core.dir/src/initial/file.cpp.o.d"
  "/work/main/src/initial/registry.cpp" "CMakeFiles/grazing_core.dir/src/initial/registry.cpp.o" "gcc" "CMakeFiles/grazing_core.dir/src/initial/registry.cpp.o.d"
  "/work/main/src/io/config.cpp" "CMakeFiles/grazing_core.dir/src/io/config.cpp.o" "gcc" "CMakeFiles/grazing_core.dir/src/io/config.cpp.o.d"
  "/work/main/src/io/json_file.cpp" "CMakeFiles/grazing_core.dir/src/io/json_file.cpp.o" "gcc" "CMakeFiles/grazing_core.dir/src/io/json_file.cpp.o.d"
  "/work/main/src/io/moments_csv.cpp" "CMakeFiles/grazing_core.dir/src/io/moments_csv.cpp.o" "gcc" "CMakeFiles/grazing_core.dir/src/io/moments_csv.cpp.o.d"
  "/work/main/src/io/params.cpp" "CMakeFiles/grazing_core.dir/src/io/params.cpp.o" "gcc" "CMakeFiles/grazing_core.dir/src/io/params.cpp.o.d"
  "/work/main/src/io/particles_h5.cpp" "CMakeFiles/grazing_core.dir/src/io/particles_h5.cpp.o" "gcc" "CMakeFiles/grazing_core.dir/src/io/particles_h5.cpp.o.d"
  "/work/main/src/io/progress.cpp" "CMakeFiles/grazing_core.dir/src/io/progress.cpp.o" "gcc" "CMakeFiles/grazing_core.dir/src/io/progress.cpp.o.d"
  "/work/main/src/io/velocity_file.cpp" "CMakeFiles/grazing_core.dir/src/io/velocity_file.cpp.o" "gcc" "CMakeFiles/grazing_core.dir/src/io/velocity_file.cpp.o.d"
  "/work/main/src/models/landau_diffusion.cpp" "CMakeFiles/grazing_core.dir/src/models/landau_diffusion.cpp.o" "gcc" "CMakeFiles/grazing_core.dir/src/models/landau_diffusion.cpp.o.d"
  "/work/main/src/models/mbc.cpp" "CMakeFiles/grazing_core.dir/src/models/mbc.cpp.o" "gcc" "CMakeFiles/grazing_core.dir/src/models/mbc.cpp.o.d"
  "/work/main/src/models/mbc_rate.cpp" "CMakeFiles/grazing_core.dir/src/models/mbc_rate.cpp.o" "gcc" "CMakeFiles/grazing_core.dir/src/models/mbc_rate.cpp.o.d"
  "/work/main/src/models/pair_splitting.cpp" "CMakeFiles/grazing_core.dir/src/models/pair_splitting.cpp.o" "gcc" "CMakeFiles/grazing_core.dir/src/models/pair_splitting.cpp.o.d"
  "/work/main/src/models/registry.cpp" "CMakeFiles/grazing_core.dir/src/models/registry.cpp.o" "gcc" "CMakeFiles/grazing_core.dir/src/models/registry.cpp.o.d"
  "/work/main/src/models/regulariser.cpp" "CMakeFiles/grazing_core.dir/src/models/regulariser.cpp.o" "gcc" "CMakeFiles/grazing_core.dir/src/models/regulariser.cpp.o.d"
  "/work/main/src/models/sde_euler.cpp" "CMakeFiles/grazing_core.dir/src/models/sde_euler.cpp.o" "gcc" "CMakeFiles/grazing_core.dir/src/models/sde_euler.cpp.o.d"
  "/work/main/src/models/tabary.cpp" "CMakeFiles/grazing_core.dir/src/models/tabary.cpp.o" "gcc" "CMakeFiles/grazing_core.dir/src/models/tabary.cpp.o.d"
  "/work/main/src/reference/bkw.cpp" "CMakeFiles/grazing_core.dir/src/reference/bkw.cpp.o" "gcc" "CMakeFiles/grazing_core.dir/src/reference/bkw.cpp.o.d"
  "/work/main/src/reference/maxwell.cpp" "CMakeFiles/grazing_core.dir/src/reference/maxwell.cpp.o" "gcc" "CMakeFiles/grazing_core.dir/src/reference/maxwell.cpp.o.d"
  "/work/main/src/reference/radial_solver.cpp" "CMakeFiles/grazing_core.dir/src/reference/radial_solver.cpp.o" "gcc" "CMakeFiles/grazing_core.dir/src/reference/radial_solver.cpp.o.d"
  "/work/main/src/run/driver.cpp" "CMakeFiles/grazing_core.dir/src/run/driver.cpp.o" "gcc" "CMakeFiles/grazing_core.dir/src/run/driver.cpp.o.d"
  "/work/main/src/study/reference_law.cpp" "CMakeFiles/grazing_core.dir/src/study/reference_law.cpp.o" "gcc" "CMakeFiles/grazing_core.dir/src/study/reference_law.cpp.o.d"
  "/work/main/src/study/study.cpp" "CMakeFiles/grazing_core.dir/src/study/study.cpp.o" "gcc" "CMakeFiles/grazing_core.dir/src/study/study.cpp.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
