#pragma once
// Reading a whole small file (a JSON config, a model card) with a size limit,
// so that a huge or sparse file named by mistake or malice is refused with a
// clear error instead of being read into memory. docs/limits.md lists the limits.
#include <cstddef>
#include <istream>
#include <string>

namespace l2s::io {

// config.json, generation_config.json, pack.json, training configs, trainer
// state, checkpoint indexes: real ones are a few KB (a sharded index, ~100 KB).
inline constexpr std::size_t kMaxJsonFileBytes = 16u << 20;

// The rest of `in`, at most `max_bytes`; throws l2s::Error "PATH: the WHAT is
// over the limit of N bytes" for a longer stream (without reading it all).
std::string read_bounded(std::istream& in, const std::string& path, const std::string& what,
                         std::size_t max_bytes = kMaxJsonFileBytes);

}  // namespace l2s::io
