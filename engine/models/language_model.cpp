#include "engine/models/language_model.h"

#include "engine/common/error.h"

namespace l2s {

at::Tensor LanguageModel::encode(const at::Tensor&, const at::Tensor&) const {
  throw Error("a " + spec().family + " model has no encoder: the LLM of a pack must be an encoder-decoder model");
}

}  // namespace l2s
