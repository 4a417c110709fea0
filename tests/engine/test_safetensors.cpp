// The safetensors reader and writer: round trips through a real file, then a
// table of hostile files, each of which must be refused with a clear
// l2s::Error (never a crash, a hang or a huge allocation), then the atomic
// replacement that every writer relies on.
#include <QtTest>

#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "l2s/error.h"
#include "l2s/atomic_file.h"
#include "engine/io/mapped_file.h"
#include "engine/io/safetensors.h"
#include "error_checks.h"

using namespace l2s::io;

using l2s::testing::error_of;

namespace {

QByteArray le64(quint64 value) {
  QByteArray bytes;
  for (int i = 0; i < 8; ++i) bytes.append(char((value >> (8 * i)) & 0xff));
  return bytes;
}

// A file whose length field is right for `header`, followed by zeroed data.
QByteArray file_with(const QByteArray& header, int data_bytes) {
  return le64(header.size()) + header + QByteArray(data_bytes, '\0');
}

QByteArray one_f32(const QByteArray& shape, const QByteArray& offsets) {
  return R"({"x":{"dtype":"F32","shape":)" + shape + R"(,"data_offsets":)" + offsets + "}}";
}

void write_bytes(const QString& path, const QByteArray& bytes) {
  QFile file(path);
  QVERIFY(file.open(QIODevice::WriteOnly));
  QCOMPARE(file.write(bytes), bytes.size());
}

QByteArray read_bytes(const QString& path) {
  QFile file(path);
  return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

template <typename T>
TensorView view(const std::string& name, DType dtype, std::vector<int64_t> shape, const std::vector<T>& values) {
  return {name, dtype, std::move(shape), values.data()};
}

enum class Target { File, Missing, Directory };

}  // namespace

Q_DECLARE_METATYPE(Target)

class TestSafetensors : public QObject {
  Q_OBJECT

 private slots:
  void roundTripKeepsEveryDtypeShapeAndByte();
  void roundTripKeepsMetadata();
  void dataStartsEightByteAligned();
  void writerRefusesBadInput();
  void hostileFilesAreRefused_data();
  void hostileFilesAreRefused();
  void emptyFileMapsAsSizeZero();
  void failedAtomicWriteKeepsPreviousFile();
  void atomicWriteIntoMissingFolderNamesThePath();
};

void TestSafetensors::roundTripKeepsEveryDtypeShapeAndByte() {
  const std::vector<float> f32{1.f, -2.5f, 3.25f, 0.f, 1e-30f, 6.f};
  const std::vector<uint16_t> f16{0x3E00, 0xC000, 0x7BFF, 0x0001};
  const std::vector<uint16_t> bf16{0x3FC0, 0xC000, 0x3EAB};
  const std::vector<double> f64{3.141592653589793};
  const std::vector<int64_t> i64{INT64_MIN, INT64_MAX};
  const std::vector<int32_t> i32{-7, 8, 9};
  const std::vector<int16_t> i16{-300};
  const std::vector<int8_t> i8{-1, 2};
  const std::vector<uint8_t> u8{0, 128, 255};
  const std::vector<uint8_t> flags{1, 0};
  const std::vector<TensorView> views{
      view("f32", DType::F32, {2, 3}, f32),    view("f16", DType::F16, {4}, f16),
      view("bf16", DType::BF16, {3, 1}, bf16), view("scalar", DType::F64, {}, f64),
      view("i64", DType::I64, {2}, i64),       view("i32", DType::I32, {1, 3}, i32),
      view("i16", DType::I16, {1}, i16),       view("i8", DType::I8, {2}, i8),
      view("u8", DType::U8, {3}, u8),          view("bool", DType::BOOL, {2}, flags),
      {"empty", DType::F32, {0, 5}, nullptr},
  };
  QTemporaryDir dir;
  const std::string path = dir.filePath("all.safetensors").toStdString();
  write_safetensors(path, views);

  const SafetensorsFile file = SafetensorsFile::open(path);
  QCOMPARE(file.tensors().size(), views.size());
  for (std::size_t i = 1; i < file.tensors().size(); ++i) {
    QVERIFY(file.tensors()[i - 1].name < file.tensors()[i].name);
  }
  for (const TensorView& expected : views) {
    const TensorInfo& info = file.at(expected.name);
    QCOMPARE(info.dtype, expected.dtype);
    QCOMPARE(info.shape, expected.shape);
    QCOMPARE(info.nbytes, uint64_t(info.numel()) * dtype_size(info.dtype));
    if (info.nbytes > 0) QCOMPARE(std::memcmp(file.data(info), expected.data, info.nbytes), 0);
  }
  QCOMPARE(file.at("scalar").numel(), int64_t(1));
  QCOMPARE(file.at("empty").numel(), int64_t(0));
  QVERIFY(file.metadata().empty());
  QVERIFY(file.find("absent") == nullptr);
  QVERIFY(error_of([&] { file.at("absent"); }).startsWith(QString::fromStdString(path) + ": no tensor named 'absent'"));
}

void TestSafetensors::roundTripKeepsMetadata() {
  const std::map<std::string, std::string> metadata{{"format", "pt"}, {"note", "ünïcode \"quoted\""}, {"", ""}};
  const std::vector<float> values{1.f};
  QTemporaryDir dir;
  const std::string path = dir.filePath("meta.safetensors").toStdString();
  write_safetensors(path, {view("w", DType::F32, {1}, values)}, metadata);
  QCOMPARE(SafetensorsFile::open(path).metadata(), metadata);
}

void TestSafetensors::dataStartsEightByteAligned() {
  // Header lengths before padding vary with the name; every one must be padded.
  for (const std::string& name : {"a", "ab", "abc", "abcd", "abcde", "abcdef", "abcdefg", "abcdefgh"}) {
    const std::vector<uint8_t> values{1, 2, 3};
    QTemporaryDir dir;
    const QString path = dir.filePath("aligned.safetensors");
    write_safetensors(path.toStdString(), {view(name, DType::U8, {3}, values)});
    const QByteArray bytes = read_bytes(path);
    quint64 header_length = 0;
    for (int i = 7; i >= 0; --i) header_length = (header_length << 8) | uchar(bytes[i]);
    QCOMPARE(header_length % 8, quint64(0));
    QVERIFY(bytes.mid(8, int(header_length)).trimmed().endsWith('}'));  // padded with spaces only
    QCOMPARE(SafetensorsFile::open(path.toStdString()).at(name).offset, 8 + header_length);
  }
}

void TestSafetensors::writerRefusesBadInput() {
  QTemporaryDir dir;
  const std::string path = dir.filePath("bad.safetensors").toStdString();
  const std::vector<float> values{1.f, 2.f};
  const auto refusal = [&](const std::vector<TensorView>& views) {
    return error_of([&] { write_safetensors(path, views); });
  };
  QVERIFY(refusal({view("w", DType::F32, {2}, values), view("w", DType::F32, {2}, values)}).contains("given twice"));
  QVERIFY(refusal({{"w", DType::F32, {2}, nullptr}}).contains("has no data"));
  QVERIFY(refusal({view("w", DType::F32, {-2}, values)}).contains("invalid shape"));
  QVERIFY(refusal({view("__metadata__", DType::F32, {2}, values)}).contains("reserved"));
  QVERIFY(!QFile::exists(QString::fromStdString(path)));
}

void TestSafetensors::hostileFilesAreRefused_data() {
  QTest::addColumn<Target>("target");
  QTest::addColumn<QByteArray>("bytes");
  QTest::addColumn<QString>("phrase");

  const auto file = [](const char* name, const QByteArray& bytes, const char* phrase) {
    QTest::newRow(name) << Target::File << bytes << QString(phrase);
  };
  QTest::newRow("missing file") << Target::Missing << QByteArray() << QString("cannot open: No such file");
  QTest::newRow("directory") << Target::Directory << QByteArray() << QString("is a directory");
  file("empty file", "", "file is 0 bytes, too short");
  file("5-byte file", "abcde", "file is 5 bytes, too short");
  file("header length 0", le64(0) + "{}", "header length 0 leaves no room");
  file("header length larger than file", le64(100) + "{}", "header length 100 exceeds the 2 bytes");
  file("header length 2^63", le64(quint64(1) << 63) + "{}", "header length 9223372036854775808 exceeds the limit");
  file("invalid JSON", file_with(R"({"x": )", 0), "header is not valid JSON");
  file("trailing garbage", file_with("{} x", 0), "header is not valid JSON");
  file("JSON array", file_with("[1, 2]", 0), "header is not a JSON object");
  file("deep nesting", file_with(QByteArray(5000, '[').prepend("{\"x\":"), 0), "nested too deeply");
  file("entry not an object", file_with(R"({"x": 3})", 0), "tensor 'x' is not described by a JSON object");
  file("missing dtype", file_with(R"({"x":{"shape":[],"data_offsets":[0,4]}})", 4), "tensor 'x' has no \"dtype\"");
  file("unknown dtype", file_with(R"({"x":{"dtype":"F8","shape":[1],"data_offsets":[0,1]}})", 1),
       "tensor 'x' has unknown dtype 'F8'");
  file("negative shape", file_with(one_f32("[-1]", "[0,0]"), 0), "not an array of non-negative integers");
  file("fractional shape", file_with(one_f32("[1.5]", "[0,4]"), 4), "not an array of non-negative integers");
  file("shape overflow", file_with(one_f32("[4294967296,4294967296]", "[0,0]"), 0), "overflows 64 bits");
  file("three offsets", file_with(one_f32("[1]", "[0,4,4]"), 4), "not two non-negative integers");
  file("shape/offset size mismatch", file_with(one_f32("[2,2]", "[0,12]"), 12),
       "tensor 'x' has data_offsets [0, 12] but shape [2, 2] of F32 needs 16 bytes");
  file("begin after end", file_with(one_f32("[1]", "[8,4]"), 8), "data_offsets [8, 4] that end before they begin");
  file("offsets out of bounds", file_with(one_f32("[4]", "[16,32]"), 16), "beyond the 16-byte data buffer");
  file("overlapping ranges",
       file_with(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                 R"("b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})",
                 12),
       "tensors 'a' and 'b' overlap");
  file("hole between tensors",
       file_with(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},)"
                 R"("b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}})",
                 12),
       "bytes [4, 8) of the data buffer belong to no tensor");
  file("trailing bytes", file_with(one_f32("[1]", "[0,4]"), 8), "bytes [4, 8) of the data buffer belong to no tensor");
  file("non-string metadata", file_with(R"({"__metadata__":{"epoch":1}})", 0), "value of 'epoch' is not a string");
  file("metadata not an object", file_with(R"({"__metadata__":[]})", 0), "__metadata__ is not a JSON object");
  file("truncated data", file_with(one_f32("[4]", "[0,16]"), 16).chopped(5), "beyond the 11-byte data buffer");
}

void TestSafetensors::hostileFilesAreRefused() {
  QFETCH(Target, target);
  QFETCH(QByteArray, bytes);
  QFETCH(QString, phrase);

  QTemporaryDir dir;
  const QString path = dir.filePath("hostile.safetensors");
  if (target == Target::File) write_bytes(path, bytes);
  if (target == Target::Directory) QVERIFY(QDir(dir.path()).mkdir("hostile.safetensors"));

  const QString message = error_of([&] { SafetensorsFile::open(path.toStdString()); });
  QVERIFY2(message.startsWith(path + ": "), qPrintable(message));
  QVERIFY2(message.contains(phrase), qPrintable(message));
}

void TestSafetensors::emptyFileMapsAsSizeZero() {
  QTemporaryDir dir;
  const QString path = dir.filePath("empty");
  write_bytes(path, "");
  const MappedFile file(path.toStdString());
  QCOMPARE(file.size(), std::size_t(0));
  QCOMPARE(file.path(), path.toStdString());
}

void TestSafetensors::failedAtomicWriteKeepsPreviousFile() {
  QTemporaryDir dir;
  const QString path = dir.filePath("config.json");
  write_text_atomically(path.toStdString(), "first version\n");
  write_text_atomically(path.toStdString(), "second version\n");  // replaces an existing file
  QCOMPARE(read_bytes(path), QByteArray("second version\n"));

  const QString message = error_of([&] {
    write_file_atomically(path.toStdString(), [](std::FILE* file) {
      std::fputs("half of a third", file);
      throw l2s::Error("disk full, say");
    });
  });
  QCOMPARE(message, QString("disk full, say"));
  QCOMPARE(read_bytes(path), QByteArray("second version\n"));
  const QStringList left = QDir(dir.path()).entryList(QDir::Files | QDir::Hidden);
  QCOMPARE(left, QStringList{"config.json"});  // no temp file behind
}

void TestSafetensors::atomicWriteIntoMissingFolderNamesThePath() {
  QTemporaryDir dir;
  const QString path = dir.filePath("no/such/folder/out.txt");
  const QString message = error_of([&] { write_text_atomically(path.toStdString(), "x"); });
  QVERIFY2(message.startsWith(path + ": cannot create"), qPrintable(message));
  QVERIFY2(message.contains("No such file or directory"), qPrintable(message));
}

QTEST_APPLESS_MAIN(TestSafetensors)
#include "test_safetensors.moc"
