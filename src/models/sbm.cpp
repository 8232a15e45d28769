#include "sbm.hpp"

#include "binary_collision.hpp"

namespace grazing {

ModelInfo sbm_info() { return binary_collision_info<SbmLaw>(); }

}  // namespace grazing
