// StudioSettings: defaults, round trips through the INI file, values out of
// range, recent packs, and change signals. DecodingSettings' conversion to
// the engine's options.
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "l2s/error.h"
#include "ui/decoding_settings.h"
#include "ui/settings.h"

using namespace l2s::studio;

class TestStudioSettings : public QObject {
  Q_OBJECT

  QTemporaryDir temp_;
  QString file(const QString& name) const { return temp_.filePath(name + QStringLiteral(".ini")); }

 private slots:
  void freshSettingsHaveTheDefaults() {
    StudioSettings settings(file(QStringLiteral("fresh")));
    QCOMPARE(settings.runPolicy(), RunPolicy::Fair);
    QCOMPARE(settings.threads(), StudioSettings::defaultThreads());
    QVERIFY(settings.translateAsYouType());
    QVERIFY(settings.debounceMs() > 0);
    QCOMPARE(settings.decoding(), DecodingSettings());
    QCOMPARE(settings.lastOpened(), StudioSettings::LastOpened::Nothing);
    QVERIFY(settings.recentPacks().isEmpty());
    QVERIFY(settings.presetName().isEmpty());
    QVERIFY(!settings.hasPresetChoice());
    QCOMPARE(settings.timingRuns(), 5);
    QCOMPARE(settings.replayFactor(), 10);
    QVERIFY(settings.decoding().newSeedEachRun);
  }

  void everySettingRoundTripsThroughTheFile() {
    const QString path = file(QStringLiteral("roundtrip"));
    QTemporaryDir packA, packB;
    DecodingSettings decoding;
    decoding.strategy = DecodingStrategy::Sampling;
    decoding.maxNewTokens = 123;
    decoding.temperature = 0.7;
    decoding.topK = 40;
    decoding.topP = 0.9;
    decoding.seed = 17;
    decoding.newSeedEachRun = false;
    decoding.numBeams = 6;
    {
      StudioSettings settings(path);
      settings.setRunPolicy(RunPolicy::Race);
      settings.setThreads(3);
      settings.setTranslateAsYouType(false);
      settings.setDebounceMs(250);
      settings.setTimingRuns(9);
      settings.setReplayFactor(50);
      settings.setDecoding(decoding);
      settings.setPresetName(QStringLiteral("Summarize"));
      settings.setCustomPrefix(QStringLiteral("paraphrase: "));
      settings.rememberPack(packA.path());
      settings.rememberPack(packB.path());
      settings.setWindowGeometry(QByteArray("geometry"));
      settings.setSplitterState(QStringLiteral("panes"), QByteArray("split"));
      settings.sync();
    }
    StudioSettings settings(path);
    QCOMPARE(settings.runPolicy(), RunPolicy::Race);
    QCOMPARE(settings.threads(), 3);
    QCOMPARE(settings.translateAsYouType(), false);
    QCOMPARE(settings.debounceMs(), 250);
    QCOMPARE(settings.timingRuns(), 9);
    QCOMPARE(settings.replayFactor(), 50);
    QCOMPARE(settings.decoding(), decoding);
    QCOMPARE(settings.presetName(), QStringLiteral("Summarize"));
    QCOMPARE(settings.customPrefix(), QStringLiteral("paraphrase: "));
    QCOMPARE(settings.lastOpened(), StudioSettings::LastOpened::Pack);
    QCOMPARE(settings.lastPackDir(), QDir::cleanPath(packB.path()));
    QCOMPARE(settings.recentPacks(), QStringList({QDir::cleanPath(packB.path()), QDir::cleanPath(packA.path())}));
    QCOMPARE(settings.windowGeometry(), QByteArray("geometry"));
    QCOMPARE(settings.splitterState(QStringLiteral("panes")), QByteArray("split"));
  }

  void modelFoldersAreRememberedAsTheLastOpened() {
    const QString path = file(QStringLiteral("models"));
    const ModelFolders folders{QStringLiteral("/m/llm"), QStringLiteral("/m/slm"), QStringLiteral("/m/proj"), {}};
    {
      StudioSettings settings(path);
      settings.rememberModelFolders(folders);
    }
    StudioSettings settings(path);
    QCOMPARE(settings.lastOpened(), StudioSettings::LastOpened::ModelFolders);
    QCOMPARE(settings.lastModelFolders().llm, folders.llm);
    QCOMPARE(settings.lastModelFolders().projector, folders.projector);
    QVERIFY(settings.lastModelFolders().baseline.isEmpty());
  }

  void valuesOutOfRangeFallBackToDefaults() {
    const QString path = file(QStringLiteral("garbage"));
    {
      QSettings raw(path, QSettings::IniFormat);
      raw.setValue(QStringLiteral("run/policy"), QStringLiteral("sprint"));
      raw.setValue(QStringLiteral("run/threads"), -4);
      raw.setValue(QStringLiteral("run/debounceMs"), QStringLiteral("soon"));
      raw.setValue(QStringLiteral("run/timingRuns"), 1000);
      raw.setValue(QStringLiteral("run/replayFactor"), 0);
      raw.setValue(QStringLiteral("decoding/strategy"), QStringLiteral("telepathy"));
      raw.setValue(QStringLiteral("decoding/maxNewTokens"), 0);
      raw.setValue(QStringLiteral("decoding/temperature"), -1.0);
      raw.setValue(QStringLiteral("decoding/topP"), 7.0);
      raw.setValue(QStringLiteral("decoding/numBeams"), 999);
      raw.setValue(QStringLiteral("packs/lastOpened"), QStringLiteral("pack"));  // but no pack named
    }
    StudioSettings settings(path);
    const DecodingSettings defaults;
    QCOMPARE(settings.runPolicy(), RunPolicy::Fair);
    QCOMPARE(settings.threads(), StudioSettings::defaultThreads());
    QVERIFY(settings.debounceMs() > 0);
    QCOMPARE(settings.timingRuns(), 5);
    QCOMPARE(settings.replayFactor(), 10);
    QCOMPARE(settings.decoding(), defaults);
    QCOMPARE(settings.lastOpened(), StudioSettings::LastOpened::Nothing);
    // The engine accepts what the settings hand it.
    settings.decoding().toOptions().validate();
  }

  void settersClampAndSignalOnlyChanges() {
    StudioSettings settings(file(QStringLiteral("signals")));
    QSignalSpy policy(&settings, &StudioSettings::runPolicyChanged);
    QSignalSpy threads(&settings, &StudioSettings::threadsChanged);
    QSignalSpy decoding(&settings, &StudioSettings::decodingChanged);
    settings.setRunPolicy(RunPolicy::Fair);  // already the default
    QCOMPARE(policy.count(), 0);
    settings.setRunPolicy(RunPolicy::Race);
    QCOMPARE(policy.count(), 1);
    QCOMPARE(policy.at(0).at(0).value<RunPolicy>(), RunPolicy::Race);
    settings.setThreads(100000);
    QCOMPARE(settings.threads(), StudioSettings::kMaxThreads);
    QCOMPARE(threads.count(), 1);
    settings.setThreads(StudioSettings::kMaxThreads);
    QCOMPARE(threads.count(), 1);
    DecodingSettings d;
    d.maxNewTokens = -5;  // sanitized back to the default: no change
    settings.setDecoding(d);
    QCOMPARE(decoding.count(), 0);
    d.maxNewTokens = 10;
    settings.setDecoding(d);
    QCOMPARE(decoding.count(), 1);
  }

  void theCustomPrefixChoiceIsRememberedThoughItsNameIsEmpty() {
    const QString path = file(QStringLiteral("custom"));
    {
      StudioSettings settings(path);
      QSignalSpy changed(&settings, &StudioSettings::presetChanged);
      settings.setPresetName(QString());  // "Custom prefix": the same as no choice before the fix
      QCOMPARE(changed.count(), 1);
      QVERIFY(settings.hasPresetChoice());
      settings.setPresetName(QString());
      QCOMPARE(changed.count(), 1);  // no change, no signal
    }
    StudioSettings settings(path);
    QVERIFY(settings.hasPresetChoice());
    QVERIFY(settings.presetName().isEmpty());
  }

  // The View menu's choice per pack: the shown panes as well as the hidden
  // ones, so that a pane never chosen for keeps its default. A file from
  // before the shown list still reads.
  void paneChoicesRoundTripPerPack() {
    const QString path = file(QStringLiteral("panes"));
    const QString pack = QStringLiteral("English→German (Multi30k) / v2");
    {
      StudioSettings settings(path);
      QVERIFY(settings.shownPanes(pack).isEmpty());  // nothing chosen yet
      QVERIFY(settings.hiddenPanes(pack).isEmpty());
      settings.setPanes(pack, {QStringLiteral("llm"), QStringLiteral("verified")}, {QStringLiteral("slm")});
      settings.setPanes(QStringLiteral("other"), {QStringLiteral("llm")}, {});
    }
    StudioSettings settings(path);
    QCOMPARE(settings.shownPanes(pack), (QStringList{"llm", "verified"}));
    QCOMPARE(settings.hiddenPanes(pack), QStringList{"slm"});
    QCOMPARE(settings.shownPanes(QStringLiteral("other")), QStringList{"llm"});
    QVERIFY(settings.hiddenPanes(QStringLiteral("other")).isEmpty());
    settings.setPanes(pack, {QStringLiteral("llm")}, {});
    QVERIFY(settings.hiddenPanes(pack).isEmpty());

    const QString old = file(QStringLiteral("panes-old"));
    QSettings(old, QSettings::IniFormat).setValue(QStringLiteral("view/hiddenPanes/Tiny"), QStringList{"slm"});
    StudioSettings before(old);
    QCOMPARE(before.hiddenPanes(QStringLiteral("Tiny")), QStringList{"slm"});
    QVERIFY(before.shownPanes(QStringLiteral("Tiny")).isEmpty());
  }

  void recentPacksAreNewestFirstUniqueAndBounded() {
    StudioSettings settings(file(QStringLiteral("recent")));
    QSignalSpy changed(&settings, &StudioSettings::recentPacksChanged);
    for (int i = 0; i < StudioSettings::kMaxRecentPacks + 3; ++i)
      settings.rememberPack(QStringLiteral("/packs/p%1").arg(i));
    settings.rememberPack(QStringLiteral("/packs/p5/../p5"));  // the same folder again
    const QStringList recent = settings.recentPacks();
    QCOMPARE(recent.size(), StudioSettings::kMaxRecentPacks);
    QCOMPARE(recent.first(), QStringLiteral("/packs/p5"));
    QCOMPARE(recent.count(QStringLiteral("/packs/p5")), 1);
    QVERIFY(changed.count() > 0);
    settings.removeRecentPack(QStringLiteral("/packs/p5"));
    QVERIFY(!settings.recentPacks().contains(QStringLiteral("/packs/p5")));
    settings.clearRecentPacks();
    QVERIFY(settings.recentPacks().isEmpty());
  }

  void decodingSettingsBecomeValidEngineOptions() {
    DecodingSettings greedy;
    l2s::GenerationOptions options = greedy.toOptions();
    QCOMPARE(options.do_sample, false);
    QCOMPARE(options.num_beams, int64_t(1));
    QCOMPARE(options.max_new_tokens, int64_t(greedy.maxNewTokens));

    DecodingSettings sampling;
    sampling.strategy = DecodingStrategy::Sampling;
    sampling.temperature = 0.5;
    sampling.topK = 7;
    sampling.numBeams = 5;  // ignored: sampling and beams do not mix
    options = sampling.toOptions();
    QVERIFY(options.do_sample);
    QCOMPARE(options.temperature, 0.5);
    QCOMPARE(options.top_k, int64_t(7));
    QCOMPARE(options.num_beams, int64_t(1));
    options.validate();

    DecodingSettings beams;
    beams.strategy = DecodingStrategy::BeamSearch;
    beams.numBeams = 3;
    options = beams.toOptions();
    QCOMPARE(options.num_beams, int64_t(3));
    QVERIFY(!options.do_sample);
    options.validate();
  }

  void strategyAndPolicyKeysRoundTrip() {
    for (DecodingStrategy s : {DecodingStrategy::Greedy, DecodingStrategy::Sampling, DecodingStrategy::BeamSearch}) {
      bool ok = false;
      QCOMPARE(strategyFromKey(strategyKey(s), &ok), s);
      QVERIFY(ok);
    }
    bool ok = true;
    strategyFromKey(QStringLiteral("nope"), &ok);
    QVERIFY(!ok);
    QCOMPARE(policyFromKey(QStringLiteral(" RACE "), &ok), RunPolicy::Race);
    QVERIFY(ok);
    policyFromKey(QStringLiteral("walk"), &ok);
    QVERIFY(!ok);
  }
};

QTEST_GUILESS_MAIN(TestStudioSettings)
#include "test_studio_settings.moc"
