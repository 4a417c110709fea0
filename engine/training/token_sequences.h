#pragma once
// Many token sequences in one flat buffer: a corpus of millions of short
// sentences costs one allocation instead of one per sentence.
#include <cstdint>
#include <vector>

namespace l2s::training {

class TokenSequences {
 public:
  void append(const std::vector<int64_t>& ids) {
    tokens_.insert(tokens_.end(), ids.begin(), ids.end());
    offsets_.push_back(static_cast<int64_t>(tokens_.size()));
  }
  int64_t size() const { return static_cast<int64_t>(offsets_.size()) - 1; }
  int64_t length(int64_t i) const { return offsets_[i + 1] - offsets_[i]; }
  const int32_t* data(int64_t i) const { return tokens_.data() + offsets_[i]; }
  std::vector<int64_t> ids(int64_t i) const { return {data(i), data(i) + length(i)}; }
  int64_t total_tokens() const { return static_cast<int64_t>(tokens_.size()); }
  std::vector<int32_t> lengths() const {
    std::vector<int32_t> result(size());
    for (int64_t i = 0; i < size(); ++i) result[i] = static_cast<int32_t>(length(i));
    return result;
  }

 private:
  std::vector<int32_t> tokens_;
  std::vector<int64_t> offsets_{0};
};

}  // namespace l2s::training
