#pragma once
// Atomic file replacement: write to a temp file beside the target, fsync,
// rename over it. A crash mid-write leaves the previous file intact.
#include <cstdio>
#include <functional>
#include <string>

namespace l2s::io {

// Calls `write` with an open stream on a temporary file, then renames it to
// `path`. Throws l2s::Error (naming `path`) on any I/O failure, and removes
// the temporary file.
void write_file_atomically(const std::string& path, const std::function<void(std::FILE*)>& write);
void write_text_atomically(const std::string& path, const std::string& text);

}  // namespace l2s::io
