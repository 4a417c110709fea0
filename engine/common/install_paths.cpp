#include "l2s/install_paths.h"

#include <cstdlib>
#include <string_view>
#include <system_error>

// Relative to the executable's folder; CMake derives them from the install layout.
#ifndef L2S_PLUGIN_DIR_FROM_BIN
#error "L2S_PLUGIN_DIR_FROM_BIN must be defined (engine/CMakeLists.txt)"
#endif
#ifndef L2S_PACKS_DIR_FROM_BIN
#error "L2S_PACKS_DIR_FROM_BIN must be defined (engine/CMakeLists.txt)"
#endif

namespace l2s {
namespace {

namespace fs = std::filesystem;

std::string environment(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

// The XDG base directory specification ignores relative paths.
void add_absolute(std::vector<fs::path>& dirs, const fs::path& dir) {
  if (dir.is_absolute()) dirs.push_back(dir.lexically_normal());
}

}  // namespace

fs::path executable_dir() {
  std::error_code error;
  const fs::path exe = fs::read_symlink("/proc/self/exe", error);
  return error ? fs::path() : exe.parent_path();
}

std::vector<fs::path> spm_plugin_candidates() {
  std::vector<fs::path> paths;
  if (const std::string file = environment("L2S_SPM_PLUGIN"); !file.empty()) paths.emplace_back(file);
  if (const fs::path bin = executable_dir(); !bin.empty())
    paths.push_back((bin / L2S_PLUGIN_DIR_FROM_BIN / kSpmPluginFile).lexically_normal());
  return paths;
}

std::vector<fs::path> pack_search_dirs() {
  std::vector<fs::path> dirs;
  if (const fs::path bin = executable_dir(); !bin.empty()) dirs.push_back((bin / L2S_PACKS_DIR_FROM_BIN).lexically_normal());

  const fs::path packs_in_data_dir = fs::path("l2s") / "packs";
  if (const std::string home_data = environment("XDG_DATA_HOME"); !home_data.empty())
    add_absolute(dirs, fs::path(home_data) / packs_in_data_dir);
  else if (const std::string home = environment("HOME"); !home.empty())
    add_absolute(dirs, fs::path(home) / ".local" / "share" / packs_in_data_dir);

  std::string data_dirs = environment("XDG_DATA_DIRS");
  if (data_dirs.empty()) data_dirs = "/usr/local/share:/usr/share";
  std::string_view rest = data_dirs;
  while (!rest.empty()) {
    const std::size_t colon = rest.find(':');
    const std::string_view dir = rest.substr(0, colon);
    if (!dir.empty()) add_absolute(dirs, fs::path(std::string(dir)) / packs_in_data_dir);
    rest = colon == std::string_view::npos ? std::string_view() : rest.substr(colon + 1);
  }
  return dirs;
}

fs::path find_installed_pack(const std::string& name) {
  if (name.empty() || name == "." || name == ".." || name.find('/') != std::string::npos) return {};
  for (const fs::path& dir : pack_search_dirs()) {
    std::error_code error;
    if (fs::is_regular_file(dir / name / "pack.json", error)) return dir / name;
  }
  return {};
}

}  // namespace l2s
