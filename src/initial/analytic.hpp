// Initial laws with closed-form exact samplers: maxwellian, gaussian, bkw, two-maxwellians.
#pragma once
#include "grazing/initial.hpp"

namespace grazing {

InitialInfo maxwellian_info();
InitialInfo gaussian_info();
InitialInfo bkw_info();
InitialInfo two_maxwellians_info();

}  // namespace grazing
