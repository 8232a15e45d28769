file(REMOVE_RECURSE
  "CMakeFiles/grazing.dir/src/app/bench_command.cpp.o"
  "CMakeFiles/grazing.dir/src/app/bench_command.cpp.o.d"
  "CMakeFiles/grazing.dir/src/app/list_command.cpp.o"
  "CMakeFiles/grazing.dir/src/app/list_command.cpp.o.d"
  "CMakeFiles/grazing.dir/src/app/main.cpp.o"
  "CMakeFiles/grazing.dir/src/app/main.cpp.o.d"
  "CMakeFiles/grazing.dir/src/app/plot_command.cpp.o"
  "CMakeFiles/grazing.dir/src/app/plot_command.cpp.o.d"
  "CMakeFiles/grazing.dir/src/app/run_command.cpp.o"
  "CMakeFiles/grazing.dir/src/app/run_command.cpp.o.d"
  "CMakeFiles/grazing.dir/src/app/study_command.cpp.o"
  "CMakeFiles/grazing.dir/src/app/study_command.cpp.o.d"
  "grazing"
  "grazing.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang CXX)
  include(CMakeFiles/grazing.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
