#pragma once
// The decoding choices the studio offers, as users see them; their defaults
// are the studio's defaults. Converts to the engine's GenerationOptions.
#include <QString>

#include "l2s/generation_options.h"

namespace l2s::studio {

enum class DecodingStrategy { Greedy, Sampling, BeamSearch };
QString strategyKey(DecodingStrategy strategy);  // "greedy", "sampling", "beam"
DecodingStrategy strategyFromKey(const QString& key, bool* ok = nullptr);

struct DecodingSettings {
  DecodingStrategy strategy = DecodingStrategy::Greedy;
  int maxNewTokens = 64;
  double temperature = 1.0;  // sampling only
  int topK = 0;              // sampling only; 0: off
  double topP = 1.0;         // sampling only; 1: off
  int seed = 0;              // sampling only
  bool newSeedEachRun = true;  // sampling only: a fresh seed per run instead of `seed`
  int numBeams = 4;          // beam search only

  // The ranges the studio accepts (the engine accepts wider ones).
  static constexpr int kMaxNewTokensLimit = 2048;
  static constexpr double kMaxTemperature = 5.0;
  static constexpr int kMaxTopK = 1000;
  static constexpr int kMaxBeams = 16;

  // Settings out of range are put back to their defaults.
  DecodingSettings sanitized() const;
  l2s::GenerationOptions toOptions() const;
  bool operator==(const DecodingSettings& other) const;
  bool operator!=(const DecodingSettings& other) const { return !(*this == other); }
};

}  // namespace l2s::studio
