// The stated limits of every text input (docs/limits.md): beyond each, a clear
// l2s::Error, and memory that stays bounded while refusing it: a 100 MB
// one-line input, a 1 GB sparse file, JSON nested 100,000 deep, and a
// safetensors header that claims a huge size.
#include <QtTest>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "engine/io/safetensors.h"
#include "l2s/text_lines.h"
#include "engine/models/llama_config.h"
#include "engine/models/model_spec.h"
#include "engine/models/t5_config.h"
#include "l2s/pack_info.h"
#include "l2s/tokenizer.h"
#include "l2s/training/parallel_text.h"
#include "l2s/training/training_config.h"
#include "error_checks.h"
#include "tiny_pack.h"

using namespace l2s;
using l2s::testing::expect_error;
namespace fs = std::filesystem;

namespace {

// Peak resident memory (VmHWM) in MB since the last reset_peak_memory().
double peak_memory_mb() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
  }
  return -1;
}

void reset_peak_memory() { std::ofstream("/proc/self/clear_refs") << "5"; }

double resident_mb() {
  std::ifstream statm("/proc/self/statm");
  long pages = 0, resident = 0;
  statm >> pages >> resident;
  return resident * (sysconf(_SC_PAGESIZE) / 1048576.0);
}

// Fails unless `action` throws l2s::Error mentioning `phrase` while the
// process's peak memory grows by less than `margin_mb`.
// (A 16 MiB bounded read plus the parser's copies stay well under 64 MB.)
void expect_bounded_error(const std::function<void()>& action, const std::string& phrase, double margin_mb = 64) {
  reset_peak_memory();
  const double before = resident_mb();
  expect_error(action, phrase);
  const double grown = peak_memory_mb() - before;
  QVERIFY2(grown < margin_mb, qPrintable(QString("peak memory grew by %1 MB").arg(grown)));
}

std::string nested_json(int depth, const std::string& open, const std::string& close) {
  std::string text;
  text.reserve(depth * (open.size() + close.size()));
  for (int i = 0; i < depth; ++i) text += open;
  for (int i = 0; i < depth; ++i) text += close;
  return text;
}

}  // namespace

class TestLimits : public QObject {
  Q_OBJECT
  QTemporaryDir temp_;
  std::string path(const std::string& name) const { return temp_.filePath(QString::fromStdString(name)).toStdString(); }

  // A file of `size` bytes of zeros that takes no disk space.
  std::string sparse_file(const std::string& name, std::uintmax_t size) const {
    const std::string file = path(name);
    std::ofstream(file, std::ios::binary | std::ios::trunc).close();
    fs::resize_file(file, size);
    return file;
  }

 private slots:
  void initTestCase() { QVERIFY(temp_.isValid()); }

  void hundredMegabyteLineIsRefusedInBoundedMemory() {
    const std::string file = path("one_line.tsv");
    {
      std::ofstream out(file, std::ios::binary);
      const std::string chunk(1 << 20, 'a');
      for (int i = 0; i < 100; ++i) out << chunk;
      out << "\tb\n";
    }
    training::ParallelSource source;
    source.path = file;
    expect_bounded_error([&] { training::read_parallel_text(source); }, file + ":1: line is longer than the limit of 65536 bytes");
    expect_bounded_error([&] { io::read_text_lines(file, "prompt"); }, "longer than the limit");
    fs::remove(file);
  }

  void linesAtTheLimitStillRead() {
    const std::string file = path("at_limit.txt");
    std::ofstream(file, std::ios::binary) << std::string(16, 'x') << "\r\n" << std::string(15, 'y');
    io::TextLineRules rules;
    rules.max_bytes = 16;
    const auto lines = io::read_text_lines(file, "text", rules);
    QCOMPARE(lines.size(), std::size_t(2));
    QCOMPARE(lines[0], std::string(16, 'x'));
    QCOMPARE(lines[1], std::string(15, 'y'));
    std::ofstream(file, std::ios::binary) << std::string(17, 'x') << "\n";
    expect_error([&] { io::read_text_lines(file, "text", rules); }, ":1: line is longer than the limit of 16 bytes");
  }

  void gigabyteSparseFileIsRefusedEverywhereInBoundedMemory() {
    const std::uintmax_t gigabyte = 1ull << 30;
    const std::string big = sparse_file("config.json", gigabyte);
    expect_bounded_error([&] { T5Config::from_file(big); }, "over the limit of 16777216 bytes");
    expect_bounded_error([&] { LlamaConfig::from_file(big); }, "over the limit");
    ModelSpec spec;
    expect_bounded_error([&] { apply_generation_config(big, spec); }, "over the limit");
    expect_bounded_error([&] { io::SafetensorsFile::open(big); }, "header length 0");
    expect_bounded_error([&] { Tokenizer::load(big); }, "over the limit of 67108864 bytes for a sentencepiece model");
    training::ParallelSource source;
    source.source_path = source.target_path = big;
    expect_bounded_error([&] { training::read_parallel_text(source); }, "longer than the limit");

    fs::create_directories(path("pack"));
    fs::rename(big, path("pack/pack.json"));
    expect_bounded_error([&] { read_pack_info(path("pack")); }, "over the limit");
    fs::remove(path("pack/pack.json"));
  }

  void jsonNestedAHundredThousandDeepIsRefused() {
    for (const auto& [open, close] : {std::pair<std::string, std::string>{"[", "]"}, {"{\"a\":", "}"}}) {
      const std::string deep = nested_json(100000, open, close);
      const std::string inner = "{\"model_type\": \"t5\", \"d_model\": " + deep + "}";
      expect_error([&] { T5Config::from_json_text(deep, "deep.json"); }, "deep.json");
      expect_error([&] { T5Config::from_json_text(inner, "deep.json"); }, "deep.json");
      expect_error([&] { LlamaConfig::from_json_text(inner, "deep.json"); }, "deep.json");
      expect_error([&] { training::parse_training_config(deep, "deep.json"); }, "deep.json");
      expect_error([&] { training::parse_training_config("{\"model_config\": " + deep + "}", "deep.json"); },
                   "deep.json");
      std::ofstream(path("generation_config.json")) << inner;
      ModelSpec spec;
      spec.vocab_size = 10;
      spec.eos_token_ids = {1};
      try {  // the deep key is not one it reads: ignored, or refused naming the file; never a crash
        apply_generation_config(path("generation_config.json"), spec);
        QCOMPARE(spec.eos_token_ids, std::vector<int64_t>{1});
      } catch (const Error& error) {
        QVERIFY2(std::string(error.what()).find("generation_config.json") != std::string::npos, error.what());
      }
      fs::create_directories(path("deep_pack"));
      std::ofstream(path("deep_pack/pack.json")) << deep;
      expect_error([&] { read_pack_info(path("deep_pack")); }, "pack.json");
      // A safetensors header is at most two levels deep.
      std::string header = "{\"t\": " + deep + "}";
      std::string file(8, '\0');
      for (int i = 0; i < 8; ++i) file[i] = static_cast<char>((header.size() >> (8 * i)) & 0xff);
      std::ofstream(path("deep.safetensors"), std::ios::binary) << file << header;
      expect_error([&] { io::SafetensorsFile::open(path("deep.safetensors")); }, "nested too deeply");
    }
  }

  void safetensorsHeaderClaimingHugeSizesIsRefusedInBoundedMemory() {
    const auto write = [&](uint64_t length, const std::string& header) {
      std::string bytes(8, '\0');
      for (int i = 0; i < 8; ++i) bytes[i] = static_cast<char>((length >> (8 * i)) & 0xff);
      std::ofstream(path("huge.safetensors"), std::ios::binary) << bytes << header;
      return path("huge.safetensors");
    };
    expect_bounded_error([&] { io::SafetensorsFile::open(write(~0ull, "{}")); }, "exceeds the limit");
    expect_bounded_error([&] { io::SafetensorsFile::open(write(99'000'000, "{}")); }, "exceeds the 2 bytes that follow");
    const std::string huge_tensor = R"({"w":{"dtype":"F32","shape":[1099511627776,1099511627776],"data_offsets":[0,16]}})";
    expect_bounded_error([&] { io::SafetensorsFile::open(write(huge_tensor.size(), huge_tensor)); }, "overflows 64 bits");
    const std::string beyond = R"({"w":{"dtype":"U8","shape":[4294967296],"data_offsets":[0,4294967296]}})";
    expect_bounded_error([&] { io::SafetensorsFile::open(write(beyond.size(), beyond)); }, "beyond the 0-byte data buffer");
  }

  void promptsOverTheTokenizerLimitAreRefused() {
    const std::string pack = testing::make_tiny_pack(path("tiny"), false);
    const Tokenizer tokenizer = Tokenizer::load(pack + "/spiece.model");
    const std::string at_limit(Tokenizer::kMaxEncodeBytes, 'a');
    QVERIFY(!tokenizer.encode(at_limit.substr(0, 1000)).empty());
    const std::string pasted(100 << 20, 'a');  // a 100 MB one-line prompt
    expect_bounded_error([&] { tokenizer.encode(pasted); },
                         "text is 104857600 bytes; the tokenizer's limit is 1048576 bytes");
  }
};

QTEST_GUILESS_MAIN(TestLimits)
#include "test_limits.moc"
