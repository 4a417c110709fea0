#pragma once
// A small random generator whose sequence is fixed by this code alone:
// std::shuffle and the std distributions differ between standard libraries,
// and training must replay exactly (resume, tests) wherever it is rebuilt.
#include <cstdint>
#include <utility>
#include <vector>

namespace l2s::training {

// SplitMix64 (Steele, Lea, Flood 2014).
class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t seed) : state_(seed) {}
  uint64_t next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n) by Lemire's multiply-shift (bias below 2^-64 * n).
  uint64_t below(uint64_t n) { return static_cast<uint64_t>((static_cast<unsigned __int128>(next()) * n) >> 64); }

 private:
  uint64_t state_;
};

// One well-mixed seed from several numbers (seed, epoch, step, ...).
inline uint64_t mix_seed(uint64_t a, uint64_t b, uint64_t c = 0) {
  SplitMix64 rng(a ^ 0x6A09E667F3BCC909ull);
  uint64_t h = rng.next();
  h = SplitMix64(h ^ b).next();
  return SplitMix64(h ^ (c * 0x9E3779B97F4A7C15ull + 1)).next();
}

// Fisher-Yates.
template <class T>
void shuffle_in_place(std::vector<T>& items, SplitMix64& rng) {
  for (std::size_t i = items.size(); i > 1; --i) std::swap(items[i - 1], items[rng.below(i)]);
}

}  // namespace l2s::training
