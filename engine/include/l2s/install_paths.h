#pragma once
// Where an l2s program finds its sentencepiece plugin and the model packs:
// relative to its own executable first, so that an installed tree works
// wherever it lies (/usr, /opt, a package extracted with dpkg-deb -x), then
// the fallbacks named below. The build tree has the installed layout (bin/,
// lib/l2s/, share/l2s/packs/: see CMakeLists.txt), so one rule serves both.
#include <filesystem>
#include <string>
#include <vector>

namespace l2s {

// The sentencepiece plugin's file name (engine/tokenizer/spm_plugin.cpp).
inline constexpr const char* kSpmPluginFile = "libl2s_spm.so";

// The folder of the running executable; empty when the system does not say.
std::filesystem::path executable_dir();

// Where the sentencepiece plugin may be, in the order tried:
// $L2S_SPM_PLUGIN (a file), then <executable>/../lib/l2s/libl2s_spm.so.
std::vector<std::filesystem::path> spm_plugin_candidates();

// Folders that may hold model packs (one subfolder with pack.json per pack), in
// the order searched: <executable>/../share/l2s/packs, then l2s/packs in
// $XDG_DATA_HOME (default ~/.local/share) and in each of $XDG_DATA_DIRS
// (default /usr/local/share:/usr/share).
std::vector<std::filesystem::path> pack_search_dirs();

// The folder of the pack called `name` (e.g. "default") in the first search
// folder that has one with a pack.json; empty when none has, or when `name`
// is not a plain folder name.
std::filesystem::path find_installed_pack(const std::string& name);

}  // namespace l2s
