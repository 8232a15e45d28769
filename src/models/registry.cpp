// Registry from model name to factory. Adding a model: one line here (ARCHITECTURE.md).
#include "grazing/model.hpp"
#include "landau_diffusion.hpp"
#include "mbc.hpp"
#include "mbc_rate.hpp"
#include "nanbu.hpp"
#include "sbm.hpp"
#include "tabary.hpp"
#include "takizuka_abe.hpp"

namespace grazing {

const std::vector<ModelInfo>& model_registry() {
  static const std::vector<ModelInfo> registry = {
      MbcModel::info(),
      MbcRateModel::info(),
      TabaryModel::info(),
      TabaryModel::independent_info(),
      TabaryModel::mckean_info(),
      LandauDiffusionModel::info(),
      takizuka_abe_info(),
      nanbu_info(),
      sbm_info(),
  };
  return registry;
}

const ModelInfo* find_model(const std::string& name) {
  for (const auto& m : model_registry())
    if (m.name == name) return &m;
  return nullptr;
}

}  // namespace grazing
