// Checkpoint folders: the tiny T5 test model, a sharded copy of it, broken
// shard indexes, dtype conversion against hand-computed values, and
// save_tensors round trips.
// ATen first: Qt's `slots` macro would break its headers.
#include <ATen/ATen.h>

#include <QtTest>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <filesystem>
#include <functional>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "l2s/error.h"
#include "engine/io/checkpoint.h"
#include "error_checks.h"

using namespace l2s::io;

using l2s::testing::error_of;

namespace {

const std::string kT5 = L2S_TEST_DATA_DIR "/t5/t5_v1_0_relu_tied";


void write_text(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

// An index.json whose weight_map sends each name to its shard.
void write_index(const std::string& dir, const std::map<std::string, std::string>& weight_map) {
  const nlohmann::json index{{"metadata", {{"total_size", 0}}}, {"weight_map", weight_map}};
  write_text(dir + "/model.safetensors.index.json", index.dump(2));
}

std::vector<float> floats_of(const at::Tensor& tensor) {
  const at::Tensor flat = tensor.to(at::kFloat).contiguous();
  return {flat.data_ptr<float>(), flat.data_ptr<float>() + flat.numel()};
}

// The T5 checkpoint split in two shards inside `dir`, with its index.
void write_sharded_t5(const std::string& dir) {
  const Checkpoint whole = Checkpoint::open(kT5);
  const std::vector<std::string> names = whole.names();
  std::vector<std::pair<std::string, at::Tensor>> shards[2];
  std::map<std::string, std::string> weight_map;
  for (std::size_t i = 0; i < names.size(); ++i) {
    const std::size_t shard = i < names.size() / 2 ? 0 : 1;
    shards[shard].emplace_back(names[i], whole.load_float(names[i]));
    weight_map[names[i]] = "model-0000" + std::to_string(shard + 1) + "-of-00002.safetensors";
  }
  save_tensors(dir + "/model-00001-of-00002.safetensors", shards[0]);
  save_tensors(dir + "/model-00002-of-00002.safetensors", shards[1]);
  write_index(dir, weight_map);
}

}  // namespace

class TestCheckpoint : public QObject {
  Q_OBJECT

 private slots:
  void opensT5Checkpoint();
  void floatWeightsShareTheMapping();
  void shardedCheckpointLoadsSameTensors();
  void brokenShardIndexesAreRefused();
  void halfAndBfloatConvertExactly();
  void unalignedF32IsCopied();
  void integersLoadOnlyAsStored();
  void saveTensorsRoundTripsThroughF16();
  void missingOrEmptyFolderIsRefused();
  void foldersConvertToHalfPrecision();
  void checkpointsAverageElementWise();
};

void TestCheckpoint::opensT5Checkpoint() {
  const Checkpoint checkpoint = Checkpoint::open(kT5);
  QCOMPARE(checkpoint.dir(), kT5);
  QVERIFY(checkpoint.contains("shared.weight"));
  QVERIFY(checkpoint.contains("encoder.final_layer_norm.weight"));
  QVERIFY(!checkpoint.contains("__metadata__"));
  const std::vector<std::string> names = checkpoint.names();
  QCOMPARE(names.size(), std::size_t(47));
  QVERIFY(std::is_sorted(names.begin(), names.end()));
  QCOMPARE(checkpoint.info("shared.weight").shape, (std::vector<int64_t>{128, 64}));

  const at::Tensor shared = checkpoint.load_float("shared.weight");
  QCOMPARE(shared.scalar_type(), at::kFloat);
  QCOMPARE(shared.sizes().vec(), (std::vector<int64_t>{128, 64}));

  // The same element straight from the file's bytes.
  const SafetensorsFile raw = SafetensorsFile::open(kT5 + "/model.safetensors");
  float expected = 0;
  std::memcpy(&expected, static_cast<const char*>(raw.data(raw.at("shared.weight"))) + (3 * 64 + 5) * 4, 4);
  QCOMPARE(shared[3][5].item<float>(), expected);
  QVERIFY(expected != 0.f);

  const QString message = error_of([&] { checkpoint.load_float("no.such.weight"); });
  QVERIFY2(message.startsWith(QString::fromStdString(kT5) + ": no tensor named 'no.such.weight'"),
           qPrintable(message));
}

void TestCheckpoint::floatWeightsShareTheMapping() {
  at::Tensor first, second;
  {
    const Checkpoint checkpoint = Checkpoint::open(kT5);
    first = checkpoint.load_float("shared.weight");
    second = checkpoint.load_float("shared.weight");
  }
  QCOMPARE(first.data_ptr(), second.data_ptr());  // no copy
  // The checkpoint is gone; the tensors keep the mapping alive.
  const SafetensorsFile raw = SafetensorsFile::open(kT5 + "/model.safetensors");
  QCOMPARE(std::memcmp(first.data_ptr(), raw.data(raw.at("shared.weight")), 128 * 64 * 4), 0);
}

void TestCheckpoint::shardedCheckpointLoadsSameTensors() {
  QTemporaryDir dir;
  const std::string sharded_dir = dir.path().toStdString();
  write_sharded_t5(sharded_dir);

  const Checkpoint whole = Checkpoint::open(kT5);
  const Checkpoint sharded = Checkpoint::open(sharded_dir);
  QCOMPARE(sharded.names(), whole.names());
  for (const std::string& name : whole.names()) {
    QVERIFY2(at::equal(sharded.load_float(name), whole.load_float(name)), name.c_str());
  }
}

void TestCheckpoint::brokenShardIndexesAreRefused() {
  QTemporaryDir dir;
  const std::string path = dir.path().toStdString();
  const std::string index = path + "/model.safetensors.index.json";
  const auto refusal = [&] { return error_of([&] { Checkpoint::open(path); }); };
  save_tensors(path + "/a.safetensors", {{"x", at::ones({2})}, {"y", at::zeros({3})}});
  save_tensors(path + "/b.safetensors", {{"y", at::ones({3})}});

  write_index(path, {{"x", "a.safetensors"}, {"z", "missing.safetensors"}});
  QVERIFY2(refusal().startsWith(QString::fromStdString(path + "/missing.safetensors: cannot open")),
           qPrintable(refusal()));

  write_index(path, {{"x", "b.safetensors"}});
  QVERIFY2(refusal().contains("weight_map puts 'x' in b.safetensors, which has no such tensor"), qPrintable(refusal()));

  write_index(path, {{"x", "a.safetensors"}, {"y", "b.safetensors"}});
  QVERIFY2(refusal().contains("tensor 'y' is in both"), qPrintable(refusal()));

  write_text(index, "{\"weight_map\": ");
  QVERIFY2(refusal().startsWith(QString::fromStdString(index + ": not valid JSON")), qPrintable(refusal()));

  write_text(index, "{\"weight_map\": {\"x\": 1}}");
  QVERIFY2(refusal().contains("weight_map entry 'x' is not a file name"), qPrintable(refusal()));

  write_text(index, "[]");
  QVERIFY2(refusal().contains("no \"weight_map\" object"), qPrintable(refusal()));
}

void TestCheckpoint::halfAndBfloatConvertExactly() {
  // Bit patterns worked out by hand: sign | exponent | mantissa.
  const std::vector<uint16_t> f16{0x3E00, 0xC000, 0x7BFF, 0x0001};  // 1.5, -2, 65504, 2^-24
  const std::vector<uint16_t> bf16{0x3FC0, 0xC000, 0x3EAB};         // 1.5, -2, 0.333984375
  const std::vector<double> f64{0.1};
  QTemporaryDir dir;
  const std::string path = dir.filePath("model.safetensors").toStdString();
  write_safetensors(path, {{"f16", DType::F16, {4}, f16.data()},
                           {"bf16", DType::BF16, {3}, bf16.data()},
                           {"f64", DType::F64, {}, f64.data()}});

  const Checkpoint checkpoint = Checkpoint::open(dir.path().toStdString());
  QCOMPARE(floats_of(checkpoint.load_float("f16")), (std::vector<float>{1.5f, -2.f, 65504.f, 0x1p-24f}));
  QCOMPARE(floats_of(checkpoint.load_float("bf16")), (std::vector<float>{1.5f, -2.f, 0.333984375f}));
  const at::Tensor scalar = checkpoint.load_float("f64");
  QCOMPARE(scalar.dim(), int64_t(0));
  QCOMPARE(scalar.item<float>(), 0.1f);
  QCOMPARE(checkpoint.load("f16").scalar_type(), at::kHalf);
  QCOMPARE(checkpoint.load("bf16").scalar_type(), at::kBFloat16);
}

void TestCheckpoint::unalignedF32IsCopied() {
  // One byte before it puts the F32 data at an odd offset: it cannot be viewed in place.
  const uint8_t pad = 7;
  const std::vector<float> values{1.25f, -8.f};
  QTemporaryDir dir;
  const std::string path = dir.filePath("odd.safetensors").toStdString();
  write_safetensors(path, {{"a", DType::U8, {1}, &pad}, {"b", DType::F32, {2}, values.data()}});
  QCOMPARE(SafetensorsFile::open(path).at("b").offset % 4, uint64_t(1));

  const Checkpoint checkpoint = Checkpoint::open_file(path);
  QCOMPARE(checkpoint.dir(), dir.path().toStdString());
  QCOMPARE(floats_of(checkpoint.load_float("b")), values);
}

void TestCheckpoint::integersLoadOnlyAsStored() {
  QTemporaryDir dir;
  const std::string path = dir.filePath("ints.safetensors").toStdString();
  save_tensors(path, {{"ids", at::arange(5, at::kLong)}, {"mask", at::ones({2, 2}, at::kBool)}});
  const Checkpoint checkpoint = Checkpoint::open_file(path);

  const at::Tensor ids = checkpoint.load("ids");
  QCOMPARE(ids.scalar_type(), at::kLong);
  QVERIFY(at::equal(ids, at::arange(5, at::kLong)));
  QCOMPARE(checkpoint.load("mask").scalar_type(), at::kBool);
  QVERIFY(checkpoint.load("mask").all().item<bool>());

  const QString message = error_of([&] { checkpoint.load_float("ids"); });
  QVERIFY2(message.startsWith(QString::fromStdString(path) + ": tensor 'ids' is I64, not a floating tensor"),
           qPrintable(message));
}

void TestCheckpoint::saveTensorsRoundTripsThroughF16() {
  const at::Tensor exact = at::tensor({0.5f, -3.25f, 1024.f, 0.f});
  const at::Tensor rounded = at::tensor({0.1f});  // f16 holds 0.0999755859375
  const at::Tensor transposed = at::arange(6, at::kFloat).reshape({2, 3}).t();  // not contiguous
  const at::Tensor ids = at::tensor({3, 1, 4}, at::kInt);
  QTemporaryDir dir;
  const std::string path = dir.filePath("model.safetensors").toStdString();
  save_tensors(path, {{"exact", exact}, {"rounded", rounded}, {"transposed", transposed}, {"ids", ids}},
               StorageDType::F16, {{"format", "pt"}});

  const Checkpoint checkpoint = Checkpoint::open(dir.path().toStdString());
  QCOMPARE(checkpoint.info("exact").dtype, DType::F16);
  QCOMPARE(checkpoint.info("ids").dtype, DType::I32);
  QVERIFY(at::equal(checkpoint.load_float("exact"), exact));
  QCOMPARE(checkpoint.load_float("rounded").item<float>(), 0.0999755859375f);
  QCOMPARE(checkpoint.info("transposed").shape, (std::vector<int64_t>{3, 2}));
  QVERIFY(at::equal(checkpoint.load_float("transposed"), transposed));
  QVERIFY(at::equal(checkpoint.load("ids"), ids));
  QCOMPARE(SafetensorsFile::open(path).metadata().at("format"), std::string("pt"));

  const QString message = error_of([&] { save_tensors(path, {{"undefined", at::Tensor()}}); });
  QVERIFY2(message.contains("tensor 'undefined' is undefined"), qPrintable(message));
}

void TestCheckpoint::missingOrEmptyFolderIsRefused() {
  QTemporaryDir dir;
  const std::string empty = dir.path().toStdString();
  const std::string missing = empty + "/absent";
  const std::string file = empty + "/file.txt";
  write_text(file, "not a folder");

  QVERIFY(error_of([&] { Checkpoint::open(missing); }).startsWith(QString::fromStdString(missing + ": no such folder")));
  QVERIFY(error_of([&] { Checkpoint::open(file); }).startsWith(QString::fromStdString(file + ": is not a folder")));
  const QString message = error_of([&] { Checkpoint::open(empty); });
  QCOMPARE(message, QString::fromStdString(empty + ": no model.safetensors or model.safetensors.index.json "
                                                   "(pytorch_model.bin is not supported; convert it to safetensors)"));
}

// A sharded folder converts to one f16 model.safetensors holding each tensor
// rounded to half precision, with the folder's other files copied.
void TestCheckpoint::foldersConvertToHalfPrecision() {
  QTemporaryDir temp;
  const std::string sharded = temp.filePath("sharded").toStdString(), out = temp.filePath("f16").toStdString();
  std::filesystem::create_directories(sharded);
  write_sharded_t5(sharded);
  std::filesystem::copy_file(kT5 + "/config.json", sharded + "/config.json");
  convert_checkpoint_folder(sharded, out, parse_storage_dtype("f16"));

  QVERIFY(std::filesystem::exists(out + "/config.json"));
  QVERIFY(!std::filesystem::exists(out + "/model.safetensors.index.json"));
  const Checkpoint original = Checkpoint::open(kT5), converted = Checkpoint::open(out);
  QCOMPARE(converted.names(), original.names());
  for (const std::string& name : original.names()) {
    QCOMPARE(converted.info(name).dtype, DType::F16);
    QVERIFY(at::equal(converted.load_float(name), original.load_float(name).to(at::kHalf).to(at::kFloat)));
  }
  QVERIFY(std::filesystem::file_size(out + "/model.safetensors") <
          std::filesystem::file_size(kT5 + "/model.safetensors") * 6 / 10);
  QVERIFY(error_of([&] { convert_checkpoint_folder(out, out, StorageDType::F32); }).contains("must differ"));
  QVERIFY(error_of([] { parse_storage_dtype("f8"); }).contains("unknown storage dtype 'f8'"));
}

// Three checkpoints of one two-tensor model average to hand-computed means; the
// integer tensor, equal in all three, is kept; mismatched models are refused.
void TestCheckpoint::checkpointsAverageElementWise() {
  QTemporaryDir temp;
  const auto folder = [&](const std::string& name, float w0, float w1, float bias, int64_t id) {
    const std::string dir = temp.filePath(QString::fromStdString(name)).toStdString();
    std::filesystem::create_directories(dir);
    save_tensors(dir + "/model.safetensors", {{"w", at::tensor({w0, w1}).reshape({1, 2})},
                                              {"b", at::tensor({bias})},
                                              {"ids", at::tensor({id}, at::kLong)}});
    write_text(dir + "/config.json", "{\"from\": \"" + name + "\"}");
    return dir;
  };
  const std::string a = folder("a", 1.0f, -2.0f, 0.5f, 7), b = folder("b", 2.0f, 4.0f, 0.25f, 7),
                    c = folder("c", 6.0f, 1.0f, 0.0f, 7), out = temp.filePath("mean").toStdString();
  average_checkpoint_folders({a, b, c}, out, StorageDType::F32);

  const Checkpoint mean = Checkpoint::open(out);
  QCOMPARE(floats_of(mean.load_float("w")), (std::vector<float>{3.0f, 1.0f}));
  QCOMPARE(mean.info("w").shape, (std::vector<int64_t>{1, 2}));
  QCOMPARE(floats_of(mean.load_float("b")), (std::vector<float>{0.25f}));
  QCOMPARE(mean.load("ids").item<int64_t>(), int64_t{7});
  std::ifstream config(out + "/config.json");
  QCOMPARE(std::string(std::istreambuf_iterator<char>(config), {}), std::string("{\"from\": \"a\"}"));

  const std::string odd_id = folder("odd_id", 1.0f, 1.0f, 1.0f, 8);
  QVERIFY(error_of([&] { average_checkpoint_folders({a, odd_id}, out, StorageDType::F32); })
              .contains("integer tensor 'ids' differs"));
  const std::string wide = temp.filePath("wide").toStdString();
  std::filesystem::create_directories(wide);
  save_tensors(wide + "/model.safetensors", {{"w", at::zeros({2, 2})}, {"b", at::zeros({1})}, {"ids", at::tensor({int64_t{7}})}});
  QCOMPARE(error_of([&] { average_checkpoint_folders({a, wide}, out, StorageDType::F32); }),
           QString::fromStdString(wide + ": tensor 'w' has shape [2, 2], but [1, 2] in " + a));
  QVERIFY(error_of([&] { average_checkpoint_folders({a, kT5}, out, StorageDType::F32); })
              .contains("tensor names differ"));
  QVERIFY(error_of([&] { average_checkpoint_folders({a}, out, StorageDType::F32); }).contains("at least two"));
  QVERIFY(error_of([&] { average_checkpoint_folders({a, b}, a, StorageDType::F32); }).contains("must differ"));
}

QTEST_APPLESS_MAIN(TestCheckpoint)
#include "test_checkpoint.moc"
