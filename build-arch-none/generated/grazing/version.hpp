#pragma once
namespace grazing {
inline constexpr const char* kVersion = "0.1.0";
// Instruction set the build targets (GRAZING_ARCH; results do not depend on it, docs/performance.md).
inline constexpr const char* kArch = "none";
// Where the plotting script lives (scripts/plot.py); GRAZING_SCRIPTS overrides it at run time.
inline constexpr const char* kSourceDir = "/work/main";
}
