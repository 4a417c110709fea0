#include "ui/decoding_settings.h"

#include <cmath>

namespace l2s::studio {

QString strategyKey(DecodingStrategy strategy) {
  switch (strategy) {
    case DecodingStrategy::Greedy: return QStringLiteral("greedy");
    case DecodingStrategy::Sampling: return QStringLiteral("sampling");
    case DecodingStrategy::BeamSearch: return QStringLiteral("beam");
  }
  return QStringLiteral("greedy");
}

DecodingStrategy strategyFromKey(const QString& key, bool* ok) {
  for (DecodingStrategy strategy : {DecodingStrategy::Greedy, DecodingStrategy::Sampling, DecodingStrategy::BeamSearch}) {
    if (key.trimmed().compare(strategyKey(strategy), Qt::CaseInsensitive) == 0) {
      if (ok) *ok = true;
      return strategy;
    }
  }
  if (ok) *ok = false;
  return DecodingStrategy::Greedy;
}

DecodingSettings DecodingSettings::sanitized() const {
  const DecodingSettings defaults;
  DecodingSettings s = *this;
  if (s.maxNewTokens < 1 || s.maxNewTokens > kMaxNewTokensLimit) s.maxNewTokens = defaults.maxNewTokens;
  if (!std::isfinite(s.temperature) || s.temperature <= 0 || s.temperature > kMaxTemperature)
    s.temperature = defaults.temperature;
  if (s.topK < 0 || s.topK > kMaxTopK) s.topK = defaults.topK;
  if (!std::isfinite(s.topP) || s.topP <= 0 || s.topP > 1) s.topP = defaults.topP;
  if (s.seed < 0) s.seed = defaults.seed;
  if (s.numBeams < 1 || s.numBeams > kMaxBeams) s.numBeams = defaults.numBeams;
  return s;
}

l2s::GenerationOptions DecodingSettings::toOptions() const {
  l2s::GenerationOptions options;
  options.max_new_tokens = maxNewTokens;
  if (strategy == DecodingStrategy::Sampling) {
    options.do_sample = true;
    options.temperature = temperature;
    options.top_k = topK;
    options.top_p = topP;
    options.seed = static_cast<uint64_t>(seed);
  } else if (strategy == DecodingStrategy::BeamSearch) {
    options.num_beams = numBeams;
  }
  return options;
}

bool DecodingSettings::operator==(const DecodingSettings& other) const {
  return strategy == other.strategy && maxNewTokens == other.maxNewTokens && temperature == other.temperature &&
         topK == other.topK && topP == other.topP && seed == other.seed && newSeedEachRun == other.newSeedEachRun &&
         numBeams == other.numBeams;
}

}  // namespace l2s::studio
