// `l2s train` on several processes (c10d/Gloo on 127.0.0.1): the same
// training curve as one process, a lost rank stopping the other in bounded
// time, a resume of the whole group, and inconsistent ranks refused.
#include <ATen/ATen.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "engine/io/checkpoint.h"
#include "tiny_pack.h"

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

const std::vector<std::pair<std::string, std::string>> kPairs = {
    {"a man is walking in the park.", "ein mann im park."},
    {"a woman plays on the street.", "eine frau spielt auf der strasse."},
    {"the child is sitting near the water.", "ein mann sitzt."},
    {"two dogs run in the park.", "eine frau im park."},
    {"a man plays in the water.", "ein mann spielt."},
    {"the woman is sitting.", "eine frau sitzt."},
};

int free_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof a;
  bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &size);
  close(fd);
  return ntohs(a.sin_port);
}

std::unique_ptr<QProcess> start_l2s(const QStringList& arguments) {
  auto process = std::make_unique<QProcess>();
  process->start(L2S_BIN_DIR "/l2s", arguments);
  process->waitForStarted();
  return process;
}

struct Run {
  int exit_code;
  QString out, err;
};

Run finish(QProcess& process, int timeout_ms = 60000) {
  if (!process.waitForFinished(timeout_ms)) {
    process.kill();
    process.waitForFinished();
    return {-1, "", "timed out"};
  }
  return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2,
          QString::fromUtf8(process.readAllStandardOutput()), QString::fromUtf8(process.readAllStandardError())};
}

std::vector<double> train_losses(const std::string& log_path) {
  std::ifstream in(log_path);
  std::vector<double> losses;
  for (std::string line; std::getline(in, line);) {
    const json entry = json::parse(line);
    if (entry["event"] == "train") losses.push_back(entry["loss"].get<double>());
  }
  return losses;
}

std::map<std::string, at::Tensor> read_tensors(const std::string& path) {
  l2s::io::Checkpoint file = l2s::io::Checkpoint::open_file(path);
  std::map<std::string, at::Tensor> tensors;
  for (const auto& name : file.names()) tensors[name] = file.load_float(name).clone();
  return tensors;
}

}  // namespace

class TestTrainDistributed : public QObject {
  Q_OBJECT

  QTemporaryDir temp_;
  std::string pack_, data_;

  std::string path(const std::string& name) const { return temp_.filePath(QString::fromStdString(name)).toStdString(); }

  // A tiny run: several batches per epoch, a constant learning rate.
  QString write_config(const std::string& name, const std::string& mode, json changes = json::object()) const {
    json c = {{"mode", mode},         {"train", data_},      {"tokenizer", pack_ + "/spiece.model"},
              {"max_tokens", 48},     {"warmup_steps", 0},   {"schedule", "constant"},
              {"lr", 3e-3},           {"label_smoothing", 0.1}, {"dropout", 0.0},
              {"max_steps", 8},       {"epochs", 0},         {"log_interval", 1},
              {"eval_interval", 0},   {"save_interval", 0},  {"seed", 7},
              {"threads", 1},         {"dist_timeout_s", 5}};
    c["model_config"] = {{"d_model", 16}, {"d_kv", 8}, {"num_heads", 2}, {"d_ff", 32}, {"num_layers", 1},
                         {"num_decoder_layers", 1}, {"dropout_rate", 0.0}};
    if (mode == "l2s") c["llm"] = pack_ + "/llm";
    c.update(changes);
    const std::string file = path(name + ".json");
    std::ofstream(file) << c.dump(2);
    return QString::fromStdString(file);
  }

  QStringList rank_args(const QString& config, const std::string& output, int rank, int world, int port) const {
    return {"train", "--config", config, "--output", QString::fromStdString(output), "--world-size",
            QString::number(world), "--rank", QString::number(rank), "--master",
            "127.0.0.1:" + QString::number(port)};
  }

 private slots:
  void initTestCase() {
    QVERIFY(temp_.isValid());
    pack_ = l2s::testing::make_tiny_pack(path("pack"), false);
    data_ = path("train.tsv");
    std::ofstream tsv(data_);
    for (const auto& [s, t] : kPairs) tsv << s << "\t" << t << "\n";
  }

  void twoProcessesFollowOneProcess_data() {
    QTest::addColumn<QString>("mode");
    QTest::addColumn<int>("accumulation");
    QTest::newRow("lm, batches split by rows") << "lm" << 1;
    QTest::newRow("l2s, whole batches dealt out") << "l2s" << 2;
  }

  void twoProcessesFollowOneProcess() {
    QFETCH(QString, mode);
    QFETCH(int, accumulation);
    const std::string tag = mode.toStdString() + std::to_string(accumulation);
    const QString config = write_config("same-" + tag, mode.toStdString(), {{"accumulation", accumulation}});
    const std::string one = path("one-" + tag), two = path("two-" + tag);
    auto single = start_l2s({"train", "--config", config, "--output", QString::fromStdString(one)});
    Run a = finish(*single);
    QVERIFY2(a.exit_code == 0, qPrintable(a.err));
    auto group = start_l2s({"train", "--config", config, "--output", QString::fromStdString(two), "--nproc", "2"});
    Run b = finish(*group);
    QVERIFY2(b.exit_code == 0, qPrintable(b.err));

    const std::vector<double> x = train_losses(one + "/train.jsonl"), y = train_losses(two + "/train.jsonl");
    QCOMPARE(x.size(), size_t(8));
    QCOMPARE(y.size(), x.size());  // rank 0 alone logs: each step once
    for (std::size_t i = 0; i < x.size(); ++i)
      QVERIFY2(std::abs(x[i] - y[i]) <= 1e-4 * std::abs(x[i]),
               qPrintable(QString("step %1: %2 vs %3").arg(i + 1).arg(x[i]).arg(y[i])));
    QVERIFY(x.back() < x.front());  // it trains
    const std::string file = mode == "lm" ? "/model.safetensors" : "/slm/model.safetensors";
    auto p = read_tensors(one + file), q = read_tensors(two + file);
    QCOMPARE(p.size(), q.size());
    for (const auto& [name, tensor] : p)
      QVERIFY2(at::allclose(tensor, q[name], 1e-4, 1e-5), qPrintable(QString::fromStdString(name)));
  }

  // A killed rank (its sockets close) and a stalled one (the timeout): the
  // other stops with a clear error, then the group resumes from the last checkpoint.
  void lostRankStopsTheOtherAndTheGroupResumes_data() {
    QTest::addColumn<int>("signal");
    QTest::newRow("killed") << int(SIGKILL);
    QTest::newRow("stalled") << int(SIGSTOP);
  }

  void lostRankStopsTheOtherAndTheGroupResumes() {
    QFETCH(int, signal);
    const std::string output = path("lost-" + std::to_string(signal));
    const QString config = write_config("lost-" + std::to_string(signal), "lm",
                                        {{"max_steps", 1000000}, {"save_interval", 3}, {"dist_timeout_s", 3}});
    const int port = free_port();
    auto rank0 = start_l2s(rank_args(config, output, 0, 2, port));
    auto rank1 = start_l2s(rank_args(config, output, 1, 2, port));
    QElapsedTimer waited;
    waited.start();
    while (!fs::exists(output + "/latest") && waited.elapsed() < 60000) QTest::qWait(100);
    QVERIFY2(fs::exists(output + "/latest"), "no checkpoint written");
    kill(static_cast<pid_t>(rank1->processId()), signal);
    QElapsedTimer stopping;
    stopping.start();
    Run r0 = finish(*rank0, 30000);
    const qint64 stop_ms = stopping.elapsed();
    if (signal == SIGSTOP) kill(static_cast<pid_t>(rank1->processId()), SIGKILL);
    finish(*rank1);
    QVERIFY2(r0.exit_code != 0 && r0.exit_code != -1, qPrintable(r0.err));
    QVERIFY2(r0.err.contains("rank 0 of 2") && r0.err.contains("failed") && r0.err.contains("--resume"),
             qPrintable(r0.err));
    QVERIFY2(stop_ms < 15000, qPrintable(QString("stopped after %1 ms").arg(stop_ms)));

    // The whole group continues from the last complete checkpoint.
    std::string latest;
    std::ifstream(output + "/latest") >> latest;
    const int saved_step = std::stoi(latest.substr(latest.find_last_not_of("0123456789") + 1));
    QVERIFY(saved_step >= 3);
    const QString more = write_config("lost-more-" + std::to_string(signal), "lm",
                                      {{"max_steps", saved_step + 2}, {"save_interval", 3}, {"resume", true}});
    const int port2 = free_port();
    auto again0 = start_l2s(rank_args(more, output, 0, 2, port2));
    auto again1 = start_l2s(rank_args(more, output, 1, 2, port2));
    Run a0 = finish(*again0), a1 = finish(*again1);
    QVERIFY2(a0.exit_code == 0, qPrintable(a0.err));
    QVERIFY2(a1.exit_code == 0, qPrintable(a1.err));
    QVERIFY2(a0.err.contains("resuming at step " + QString::number(saved_step)), qPrintable(a0.err));
    QVERIFY(fs::exists(output + "/model.safetensors"));
  }

  void inconsistentRanksAreRefused_data() {
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("expected");
    QTest::newRow("a setting") << "max_tokens" << "40" << "max_tokens (rank 0: 48, rank 1: 40)";
    QTest::newRow("the data") << "train" << "other" << "training data";
    QTest::newRow("the world size") << "world-size" << "3" << "world size";
  }

  void inconsistentRanksAreRefused() {
    QFETCH(QString, key);
    QFETCH(QString, value);
    QFETCH(QString, expected);
    const std::string output = path("mismatch-" + key.toStdString());
    const QString config = write_config("mismatch", "lm");
    const int port = free_port();
    QStringList second = rank_args(config, output, 1, 2, port);
    if (key == "world-size") {
      second[second.indexOf("--world-size") + 1] = value;
    } else if (key == "train") {
      const std::string other = path("other.tsv");  // same lines, one changed
      std::ofstream tsv(other);
      for (const auto& [s, t] : kPairs) tsv << s << "\t" << (s == kPairs[0].first ? "eine frau." : t) << "\n";
      second << "--train" << QString::fromStdString(other);
    } else {
      second << "--" + key.replace('_', '-') << value;
    }
    auto rank0 = start_l2s(rank_args(config, output, 0, 2, port));
    auto rank1 = start_l2s(second);
    Run r0 = finish(*rank0, 30000), r1 = finish(*rank1, 30000);
    QVERIFY2(r0.exit_code == 1 && r0.err.contains(expected), qPrintable(r0.err));
    QVERIFY2(r1.exit_code == 1 && r1.err.contains(expected), qPrintable(r1.err));
    QVERIFY(!fs::exists(output + "/latest"));
  }
};

QTEST_GUILESS_MAIN(TestTrainDistributed)
#include "test_train_distributed.moc"
