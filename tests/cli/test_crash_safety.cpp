// Crash safety of every command that writes models: `l2s train`, `l2s convert`
// and `l2s average` killed with SIGKILL at random moments (checkpoint writes
// included) leave either nothing or a complete output, never a half-written
// one that looks complete; a killed training run resumes bit-exactly.
// L2S_KILL_ROUNDS sets the number of kills per command (default 20).
#include <QtTest>
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <random>

#include "engine/io/safetensors.h"
#include "engine/models/t5_config.h"
#include "tiny_pack.h"

namespace fs = std::filesystem;

namespace {

int rounds() { return qEnvironmentVariableIsSet("L2S_KILL_ROUNDS") ? qEnvironmentVariableIntValue("L2S_KILL_ROUNDS") : 20; }

std::string bytes_of(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Runs l2s to completion; fails the test on a non-zero exit.
void run_l2s(const QStringList& arguments) {
  QProcess process;
  process.start(L2S_BIN_DIR "/l2s", arguments);
  QVERIFY(process.waitForFinished(300000));
  QVERIFY2(process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0,
           qPrintable(process.readAllStandardError()));
}

// Starts l2s and kills it with SIGKILL after `delay_ms`; true if it was still running.
bool kill_l2s_after(const QStringList& arguments, int delay_ms) {
  QProcess process;
  process.start(L2S_BIN_DIR "/l2s", arguments);
  if (!process.waitForStarted()) return false;
  const bool finished = process.waitForFinished(delay_ms);
  if (!finished) {
    ::kill(static_cast<pid_t>(process.processId()), SIGKILL);
    process.waitForFinished();
  }
  return !finished;
}

// A model folder that loads: its config parses and its weights validate.
void expect_loadable_model(const std::string& dir) {
  try {
    l2s::T5Config::from_file(dir + "/config.json");
    l2s::io::SafetensorsFile::open(dir + "/model.safetensors");
  } catch (const std::exception& e) {
    QFAIL(qPrintable(QString("%1 does not load: %2").arg(QString::fromStdString(dir), e.what())));
  }
}

}  // namespace

class TestCrashSafety : public QObject {
  Q_OBJECT
  QTemporaryDir temp_;
  std::string pack_, config_;
  std::mt19937 random_{20240601};
  std::string path(const std::string& name) const { return temp_.filePath(QString::fromStdString(name)).toStdString(); }

  int random_delay(int from_ms, int to_ms) { return std::uniform_int_distribution<int>(from_ms, to_ms)(random_); }

 private slots:
  void initTestCase() {
    QVERIFY(temp_.isValid());
    pack_ = l2s::testing::make_tiny_pack(path("pack"), false);
    std::ofstream(path("train.tsv")) << "a man is walking in the park.\tein mann im park.\n"
                                        "a woman plays on the street.\teine frau spielt auf der strasse.\n"
                                        "two dogs run in the park.\teine frau im park.\n";
    // A checkpoint every second step: most of a run's time is checkpoint writes.
    config_ = path("train.json");
    std::ofstream(config_) << R"({"mode": "lm", "train": ")" << path("train.tsv") << R"(", "tokenizer": ")" << pack_
                           << R"(/spiece.model", "max_tokens": 64, "warmup_steps": 0, "schedule": "constant",
        "lr": 3e-3, "label_smoothing": 0.0, "dropout": 0.0, "max_steps": 40, "epochs": 0, "log_interval": 1,
        "eval_interval": 0, "save_interval": 2, "keep_checkpoints": 2, "seed": 7, "threads": 1,
        "model_config": {"d_model": 16, "d_kv": 8, "num_heads": 2, "d_ff": 32, "num_layers": 1,
                         "num_decoder_layers": 1, "dropout_rate": 0.0}})";
  }

  void killedTrainingResumesBitExactly() {
    const std::string reference = path("train_reference");
    run_l2s({"train", "--config", QString::fromStdString(config_), "--output", QString::fromStdString(reference)});
    const std::string expected = bytes_of(reference + "/model.safetensors");
    QVERIFY(!expected.empty());
    int with_checkpoint = 0;
    for (int round = 0; round < rounds(); ++round) {
      const std::string out = path("train_" + std::to_string(round));
      const QStringList arguments = {"train", "--config", QString::fromStdString(config_), "--output",
                                     QString::fromStdString(out), "--resume"};
      kill_l2s_after(arguments, random_delay(200, 2500));
      if (fs::exists(out + "/latest")) {  // the checkpoint `latest` names is complete
        ++with_checkpoint;
        std::string name;
        std::ifstream(out + "/latest") >> name;
        expect_loadable_model(out + "/" + name);
        l2s::io::SafetensorsFile::open(out + "/" + name + "/trainer_state/optimizer.safetensors");
      }
      run_l2s(arguments);
      QVERIFY2(bytes_of(out + "/model.safetensors") == expected,
               qPrintable(QString("round %1: the resumed run's model differs from the uninterrupted one").arg(round)));
      fs::remove_all(out);
    }
    qInfo("%d of %d kills left a checkpoint to resume from", with_checkpoint, rounds());
  }

  void killedConvertAndAverageLeaveNothingHalfWritten() {
    const QString model = QString::fromStdString(pack_ + "/llm");
    using Arguments = std::function<QStringList(const std::string& out)>;
    const std::vector<std::pair<std::string, Arguments>> commands = {
        {"convert", [&](const std::string& out) {
           return QStringList{"convert", "--model", model, "--dtype", "f16", "--out", QString::fromStdString(out)};
         }},
        {"average", [&](const std::string& out) {
           return QStringList{"average", "--out", QString::fromStdString(out), model, model};
         }},
    };
    for (const auto& [name, arguments] : commands) {
      const std::string reference = path(name + "_reference");
      run_l2s(arguments(reference));
      const std::string expected = bytes_of(reference + "/model.safetensors");
      int complete = 0;
      for (int round = 0; round < rounds(); ++round) {
        const std::string out = path(name + "_" + std::to_string(round));
        kill_l2s_after(arguments(out), random_delay(100, 1500));
        if (fs::exists(out + "/model.safetensors")) {
          ++complete;
          QVERIFY2(bytes_of(out + "/model.safetensors") == expected,
                   qPrintable(QString::fromStdString(name + ": a killed run left a different model.safetensors")));
          if (fs::exists(out + "/config.json")) expect_loadable_model(out);
        }
        fs::remove_all(out);
      }
      qInfo("%s: %d of %d kills came after the weights were written", name.c_str(), complete, rounds());
    }
  }
};

QTEST_GUILESS_MAIN(TestCrashSafety)
#include "test_crash_safety.moc"
