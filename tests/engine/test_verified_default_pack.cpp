// Mode verified on the embedded default pack: on 200 held-out Multi30k
// sentences (test2016) its outputs are mode llm's, token for token, while the
// guided SLM's drafts spare most of the LLM's decoder passes.
#include <QtTest>
#include <string>
#include <vector>

#include "l2s/text_lines.h"
#include "l2s/pack_runner.h"
#include "engine/runtime/threads.h"

using namespace l2s;

class TestVerifiedDefaultPack : public QObject {
  Q_OBJECT

 private slots:
  void verifiedGivesTheLlmsOutputs() {
    set_compute_threads(0);
    const PackRunner pack = PackRunner::load(L2S_DEFAULT_PACK);
    std::vector<std::string> sentences =
        io::read_text_lines(std::string(L2S_TEST_DATA_DIR) + "/multi30k/test_2016_flickr.en", "prompt");
    sentences.resize(200);
    const std::string prefix = pack.info().presets.at(0).prefix;
    const GenerationOptions greedy;
    int64_t generated = 0, llm_steps = 0, drafted = 0, accepted = 0;
    for (const std::string& sentence : sentences) {
      const GenerationResult llm = pack.generate("llm", prefix + sentence, greedy);
      const GenerationResult verified = pack.generate("verified", prefix + sentence, greedy);
      QCOMPARE(QString::fromStdString(verified.text), QString::fromStdString(llm.text));
      QVERIFY(verified.tokens == llm.tokens);
      generated += static_cast<int64_t>(verified.metrics.token_ms.size());
      llm_steps += verified.metrics.llm_steps;
      drafted += verified.metrics.draft_tokens;
      accepted += verified.metrics.accepted_tokens;
    }
    // The guided SLM mostly agrees with its LLM: well over two tokens per LLM pass.
    const double per_step = static_cast<double>(generated) / static_cast<double>(llm_steps);
    qInfo("tokens per LLM step %.2f, acceptance rate %.3f", per_step,
          static_cast<double>(accepted) / static_cast<double>(drafted));
    QVERIFY2(per_step > 2.0, qPrintable(QString::number(per_step)));
  }
};

QTEST_GUILESS_MAIN(TestVerifiedDefaultPack)
#include "test_verified_default_pack.moc"
