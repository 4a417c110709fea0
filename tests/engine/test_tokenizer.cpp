// The sentencepiece tokenizer, through its plugin: trains a tiny model with
// T5's special ids and checks encoding, decoding, streaming and the errors.
//
// This program links l2s_engine and so libtorch: that it runs at all shows
// the plugin keeps sentencepiece's protobuf apart from libtorch's.
#include <dlfcn.h>
#include <link.h>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>
#include <cstring>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "l2s/error.h"
#include "engine/runtime/streaming_decode.h"
#include "engine/tokenizer/spm_plugin_api.h"
#include "l2s/tokenizer.h"

namespace {

// Covers every letter, so no test sentence meets <unk>.
const char* const kPangrams[] = {
    "the quick brown fox jumps over the lazy dog",
    "pack my box with five dozen liquor jugs",
    "how vexingly quick daft zebras jump",
};
const char* const kSubjects[] = {"the model",   "a small student",   "the large teacher",
                                 "my friend",   "the old tokenizer", "every sentence",
                                 "this program"};
const char* const kVerbs[] = {"reads", "writes", "learns", "translates", "generates", "checks"};
const char* const kObjects[] = {"a short story",  "the next word",  "many examples", "some text",
                                "the whole book", "a quiet answer", "each token"};

// A few hundred plain lowercase English lines.
void write_corpus(const std::string& path) {
  std::ofstream out(path);
  for (const char* pangram : kPangrams) out << pangram << "\n";
  for (const char* subject : kSubjects)
    for (const char* verb : kVerbs)
      for (const char* object : kObjects) out << subject << " " << verb << " " << object << "\n";
}

const std::vector<std::string> kSentences = {
    "the quick brown fox jumps over the lazy dog",
    "a small student learns the next word",
    "zebras pack five dozen jugs",
    "hello world",
    "x",
};

l2s::TokenizerTrainOptions small_model_options(const std::string& input,
                                               const std::string& prefix) {
  l2s::TokenizerTrainOptions options;
  options.input_files = {input};
  options.model_prefix = prefix;
  options.vocab_size = 120;
  options.hard_vocab_limit = false;
  return options;
}

bool library_loaded(const char* name) {
  struct Search {
    const char* name;
    bool found;
  } search{name, false};
  dl_iterate_phdr(
      [](dl_phdr_info* info, std::size_t, void* data) {
        auto* search = static_cast<Search*>(data);
        if (std::strstr(info->dlpi_name, search->name)) search->found = true;
        return 0;
      },
      &search);
  return search.found;
}

// Runs `body`, which must throw l2s::Error; returns its message.
template <typename Body>
QString error_of(Body&& body) {
  try {
    body();
  } catch (const l2s::Error& e) {
    return QString::fromStdString(e.what());
  }
  return "(no error)";
}

}  // namespace

class TokenizerTest : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir dir_;
  std::string corpus_;
  std::string model_path_;
  std::optional<l2s::Tokenizer> tokenizer_;

  std::string path(const char* name) const { return dir_.filePath(name).toStdString(); }

 private slots:
  void initTestCase() {
    QVERIFY(dir_.isValid());
    corpus_ = path("corpus.txt");
    write_corpus(corpus_);
    l2s::train_tokenizer(small_model_options(corpus_, path("tiny")));
    model_path_ = path("tiny.model");
    tokenizer_.emplace(l2s::Tokenizer::load(model_path_));
  }

  void libtorchSharesTheProcess() { QVERIFY(library_loaded("libtorch_cpu.so")); }

  void trainingLeavesOnlyTheModelAndVocab() {
    const QStringList files = QDir(dir_.path()).entryList(QDir::Files, QDir::Name);
    QCOMPARE(files, QStringList({"corpus.txt", "tiny.model", "tiny.vocab"}));
  }

  void specialIdsHaveT5Pieces() {
    QCOMPARE(tokenizer_->id_to_piece(tokenizer_->pad_id()), std::string("<pad>"));
    QCOMPARE(tokenizer_->id_to_piece(tokenizer_->eos_id()), std::string("</s>"));
    QCOMPARE(tokenizer_->id_to_piece(tokenizer_->unk_id()), std::string("<unk>"));
    QVERIFY(tokenizer_->vocab_size() > 30);
    QVERIFY(tokenizer_->vocab_size() <= 120);
  }

  void encodeAppendsEosOnce() {
    for (const std::string& sentence : kSentences) {
      const auto with_eos = tokenizer_->encode(sentence);
      auto without_eos = tokenizer_->encode(sentence, false);
      QCOMPARE(std::count(with_eos.begin(), with_eos.end(), tokenizer_->eos_id()), 1);
      QCOMPARE(std::count(without_eos.begin(), without_eos.end(), tokenizer_->eos_id()), 0);
      without_eos.push_back(tokenizer_->eos_id());
      QCOMPARE(with_eos, without_eos);
    }
  }

  void decodeInvertsEncode() {
    for (const std::string& sentence : kSentences)
      QCOMPARE(tokenizer_->decode(tokenizer_->encode(sentence)), sentence);
  }

  void pieceTextsConcatenateToDecode() {
    for (const std::string& sentence : kSentences) {
      const auto ids = tokenizer_->encode(sentence);
      std::string streamed;
      for (std::size_t i = 0; i < ids.size(); ++i)
        streamed += tokenizer_->piece_text(ids[i], i == 0);
      QCOMPARE(streamed, tokenizer_->decode(ids));
    }
  }

  // What a generation streams (stream_search) is its decoded text, also when
  // the model answers special ids or a lone "▁" first: the first token that
  // shows text loses its leading space, as in decode(). (Found by
  // fuzz_prompt_generate: a random model answered <pad> first.)
  void streamedTextAfterSpecialIdsIsTheDecodedText() {
    const auto words = tokenizer_->encode("some text", false);
    std::vector<std::vector<int64_t>> answers = {{tokenizer_->pad_id()}, {tokenizer_->unk_id(), tokenizer_->pad_id()}};
    for (int64_t id = 0; id < tokenizer_->vocab_size(); ++id)
      if (tokenizer_->id_to_piece(id) == "\xE2\x96\x81") answers.push_back({id});  // "▁" alone
    QCOMPARE(answers.size(), std::size_t{3});
    for (std::vector<int64_t> answer : answers) {
      answer.insert(answer.end(), words.begin(), words.end());
      l2s::ModelSpec spec;
      spec.eos_token_ids = {tokenizer_->eos_id()};
      const l2s::GenerationOptions options;
      l2s::GenerationResult result;
      std::string streamed;
      l2s::stream_search(
          [&](const l2s::SearchRequest& request) {
            for (int64_t id : answer) request.on_token(id);
            return l2s::SearchResult{answer, false};
          },
          {}, spec, &*tokenizer_, options, [&](const l2s::TokenEvent& event) { streamed += event.text; }, nullptr,
          l2s::Stopwatch(), result);
      QCOMPARE(result.text, std::string("some text"));
      QCOMPARE(streamed, result.text);
    }
  }

  void specialIdsStreamNothing() {
    for (int64_t id : {tokenizer_->pad_id(), tokenizer_->eos_id(), tokenizer_->unk_id()})
      QCOMPARE(tokenizer_->piece_text(id, false), std::string());
  }

  void decodeDropsPadEosAndUnk() {
    const auto ids = tokenizer_->encode("some text", false);
    std::vector<int64_t> padded = {tokenizer_->pad_id(), tokenizer_->unk_id()};
    padded.insert(padded.end(), ids.begin(), ids.end());
    padded.insert(padded.end(), {tokenizer_->unk_id(), tokenizer_->eos_id(),
                                 tokenizer_->pad_id(), tokenizer_->pad_id()});
    QCOMPARE(tokenizer_->decode(padded), std::string("some text"));
  }

  void acceptsMultibyteUtf8() {
    // Outside the training alphabet, so <unk>, but valid input.
    const auto ids = tokenizer_->encode("caf\xC3\xA9 \xE2\x98\x95 \xF0\x9D\x84\x9E");
    QVERIFY(!ids.empty());
  }

  void rejectsInvalidUtf8_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("offset");
    QTest::newRow("lone 0xff") << QByteArray("\xff") << 0;
    QTest::newRow("truncated 3-byte") << QByteArray("ok \xE2\x82") << 3;
    QTest::newRow("overlong slash") << QByteArray("a\xC0\xAF") << 1;
    QTest::newRow("stray continuation") << QByteArray("ab\x80") << 2;
    QTest::newRow("surrogate") << QByteArray("\xED\xA0\x80") << 0;
    QTest::newRow("above U+10FFFF") << QByteArray("\xF4\x90\x80\x80") << 0;
  }

  void rejectsInvalidUtf8() {
    QFETCH(QByteArray, text);
    QFETCH(int, offset);
    const QString message = error_of([&] { tokenizer_->encode(text.toStdString()); });
    QVERIFY2(message.contains("UTF-8"), qPrintable(message));
    QVERIFY2(message.contains(QString("byte offset %1").arg(offset)), qPrintable(message));
  }

  void missingModelFileIsNamed() {
    const std::string missing = path("absent.model");
    const QString message = error_of([&] { l2s::Tokenizer::load(missing); });
    QVERIFY2(message.contains(QString::fromStdString(missing)), qPrintable(message));
  }

  void garbageModelFileIsNamed() {
    const std::string garbage = path("garbage.model");
    std::ofstream(garbage) << "this is not a protobuf \x01\x02\x03 at all\n";
    const QString message = error_of([&] { l2s::Tokenizer::load(garbage); });
    QVERIFY2(message.contains(QString::fromStdString(garbage)), qPrintable(message));
    QFile::remove(QString::fromStdString(garbage));
  }

  void specialIdsComeFromTheModelFile() {
    // Trained through the plugin directly, with sentencepiece's default ids
    // (unk 0, bos 1, eos 2, no pad) rather than T5's.
    void* plugin =
        dlopen(L2S_SPM_PLUGIN_FILE, RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
    QVERIFY2(plugin, dlerror());
    auto entry = reinterpret_cast<L2sSpmApiFunction>(dlsym(plugin, L2S_SPM_ENTRY_POINT));
    QVERIFY(entry);
    const L2sSpmApi* api = entry();
    const std::string prefix = path("plain");
    const char* keys[] = {"input", "model_prefix", "vocab_size", "hard_vocab_limit", "minloglevel"};
    const char* values[] = {corpus_.c_str(), prefix.c_str(), "60", "false", "1"};
    char* error = api->train(keys, values, 5);
    QVERIFY2(!error, error);

    const l2s::Tokenizer plain = l2s::Tokenizer::load(prefix + ".model");
    QCOMPARE(plain.unk_id(), int64_t{0});
    QCOMPARE(plain.bos_id(), int64_t{1});
    QCOMPARE(plain.eos_id(), int64_t{2});
    QCOMPARE(plain.pad_id(), int64_t{-1});
    // Framed as Llama's tokenizer does: BOS first, no EOS; decode drops both.
    const std::vector<int64_t> ids = plain.encode("the cat", false, true);
    QCOMPARE(ids.front(), int64_t{1});
    QVERIFY(std::count(ids.begin(), ids.end(), int64_t{2}) == 0);
    std::vector<int64_t> framed = ids;
    framed.push_back(2);
    QCOMPARE(plain.decode(framed), std::string("the cat"));
    // The T5 tokenizer has no BOS to add.
    const QString message = error_of([&] { tokenizer_->encode("the cat", true, true); });
    QVERIFY2(message.contains("no beginning-of-sequence piece"), qPrintable(message));
  }

  void trainsWithLlamaSpecialIds() {
    l2s::TokenizerTrainOptions options;
    options.input_files = {corpus_};
    options.model_prefix = path("llama_ids");
    options.vocab_size = 60;
    options.hard_vocab_limit = false;
    options.special_ids = "llama";
    l2s::train_tokenizer(options);
    const l2s::Tokenizer llama = l2s::Tokenizer::load(options.model_prefix + ".model");
    QCOMPARE(llama.unk_id(), int64_t{0});
    QCOMPARE(llama.bos_id(), int64_t{1});
    QCOMPARE(llama.eos_id(), int64_t{2});
    QCOMPARE(llama.pad_id(), int64_t{-1});
    QCOMPARE(llama.id_to_piece(1), std::string("<s>"));
    QCOMPARE(llama.id_to_piece(2), std::string("</s>"));
    options.special_ids = "gpt";
    const QString message = error_of([&] { l2s::train_tokenizer(options); });
    QVERIFY2(message.contains("special ids must be t5 or llama"), qPrintable(message));
  }

  void loadDirFindsSpieceModel() {
    QTemporaryDir model_dir;
    const QString spiece = model_dir.filePath("spiece.model");
    const QString message =
        error_of([&] { l2s::Tokenizer::load_dir(model_dir.path().toStdString()); });
    QVERIFY2(message.contains("spiece.model"), qPrintable(message));
    QVERIFY(QFile::copy(QString::fromStdString(model_path_), spiece));
    const auto tokenizer = l2s::Tokenizer::load_dir(model_dir.path().toStdString());
    QCOMPARE(tokenizer.encode("some text"), tokenizer_->encode("some text"));
  }

  void trainRejectsBadOptions() {
    struct BadOptions {
      const char* spoiled;
      void (*spoil)(l2s::TokenizerTrainOptions&);
      const char* expected_in_message;
    };
    const BadOptions cases[] = {
        {"no input", [](auto& o) { o.input_files.clear(); }, "no input files"},
        {"missing input", [](auto& o) { o.input_files.push_back("/nonexistent/in.txt"); },
         "/nonexistent/in.txt"},
        {"vocab 7", [](auto& o) { o.vocab_size = 7; }, "vocab_size"},
        {"coverage 0", [](auto& o) { o.character_coverage = 0; }, "character_coverage"},
        {"coverage 0.9", [](auto& o) { o.character_coverage = 0.9; }, "character_coverage"},
        {"coverage 1.5", [](auto& o) { o.character_coverage = 1.5; }, "character_coverage"},
        {"model type", [](auto& o) { o.model_type = "wordpiece"; }, "model_type"},
        {"prefix folder", [](auto& o) { o.model_prefix = "/nonexistent/bad"; }, "does not exist"},
    };
    for (const BadOptions& bad : cases) {
      auto options = small_model_options(corpus_, path("bad"));
      bad.spoil(options);
      const QString message = error_of([&] { l2s::train_tokenizer(options); });
      QVERIFY2(message.contains(bad.expected_in_message),
               qPrintable(QString(bad.spoiled) + ": " + message));
    }
    QVERIFY(!QFile::exists(dir_.filePath("bad.model")));
  }

  void failedTrainingLeavesNoFiles() {
    // Too many pieces for this corpus with a hard limit: sentencepiece refuses.
    auto options = small_model_options(corpus_, path("toobig"));
    options.vocab_size = 5000;
    options.hard_vocab_limit = true;
    const QString message = error_of([&] { l2s::train_tokenizer(options); });
    QVERIFY2(message.contains("training failed"), qPrintable(message));
    const QStringList leftovers =
        QDir(dir_.path()).entryList(QStringList({"toobig*"}), QDir::Files);
    QVERIFY2(leftovers.isEmpty(), qPrintable(leftovers.join(", ")));
  }

  void bpeTrainsToo() {
    auto options = small_model_options(corpus_, path("bpe"));
    options.model_type = "bpe";
    l2s::train_tokenizer(options);
    const auto bpe = l2s::Tokenizer::load(path("bpe.model"));
    for (const std::string& sentence : kSentences)
      QCOMPARE(bpe.decode(bpe.encode(sentence)), sentence);
  }
};

QTEST_APPLESS_MAIN(TokenizerTest)
#include "test_tokenizer.moc"
