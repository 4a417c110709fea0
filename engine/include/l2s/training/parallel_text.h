#pragma once
// Parallel training text: two line-aligned files (source, target), one TSV
// file (SOURCE<TAB>TARGET), or one JSONL file ({"source": ..., "target": ...}).
// Every problem is an l2s::Error that names the file and line.
#include <cstddef>
#include <string>
#include <vector>

namespace l2s::training {

enum class ParallelFormat { Auto, Tsv, Jsonl };  // Auto: by extension (.tsv, .jsonl/.json)

struct ParallelSource {
  std::string source_path, target_path;  // two line-aligned files, or
  std::string path;                      // one TSV or JSONL file
  ParallelFormat format = ParallelFormat::Auto;
  std::string source_field = "source", target_field = "target";  // JSONL keys
  std::size_t max_line_bytes = 64 * 1024;
  bool empty() const { return source_path.empty() && target_path.empty() && path.empty(); }
};

struct ParallelText {
  std::vector<std::string> sources, targets;  // pair i comes from line i + 1
  std::string source_file, target_file;       // the same file for TSV/JSONL
  // "FILE:LINE" of pair i, for messages.
  std::string where(std::size_t i) const;
};

ParallelFormat parse_parallel_format(const std::string& name);  // "auto", "tsv", "jsonl"

// Reads and validates the text: UTF-8, no empty fields or lines, lines no
// longer than max_line_bytes, files line-aligned, well-formed TSV/JSONL.
ParallelText read_parallel_text(const ParallelSource& source);

}  // namespace l2s::training
