#include "engine/models/model_spec.h"

#include <algorithm>

namespace l2s {

const char* architecture_name(Architecture architecture) {
  return architecture == Architecture::EncoderDecoder ? "encoder-decoder" : "decoder-only";
}

bool ModelSpec::is_eos(int64_t id) const {
  return std::find(eos_token_ids.begin(), eos_token_ids.end(), id) != eos_token_ids.end();
}

}  // namespace l2s
