// `l2s score`: a hypothesis file against a reference file, line by line, with
// BLEU or chrF as sacreBLEU computes them or ROUGE as rouge_score does, for
// outputs that were not generated with l2s.
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/report.h"
#include "l2s/error.h"
#include "l2s/text_lines.h"
#include "l2s/metrics/bleu.h"
#include "l2s/metrics/chrf.h"
#include "l2s/metrics/rouge.h"

namespace l2s::cli {
namespace {

using nlohmann::json;

struct Corpus {
  std::vector<std::string> hyps, refs;
};

struct Output {
  bool json = false, per_line = false;
};

// Empty lines are valid texts here (an empty output, an empty summary);
// whether a metric accepts them is the metric's rule.
Corpus read_corpus(const Args& args) {
  const io::TextLineRules rules{true, 1 << 20};
  Corpus corpus{io::read_text_lines(args.get("hyp"), "hypothesis", rules),
                io::read_text_lines(args.get("ref"), "reference", rules)};
  io::check_line_aligned(corpus.hyps, args.get("hyp"), corpus.refs, args.get("ref"));
  return corpus;
}

// A metric with one number per corpus (BLEU, chrF): its JSON (`fields`, whose
// first key names the score, and the optional per-line scores) or its text.
struct SingleScore {
  std::string key, label;
  json fields;
  std::vector<double> lines;  // with --per-line
  std::string summary;        // sacreBLEU's summary line and signature
};

int print_single(const SingleScore& score, const Output& output) {
  if (output.json) {
    json root = score.fields;
    if (output.per_line) {
      root["per_line"] = json::array();
      for (double line : score.lines) root["per_line"].push_back({{score.key, line}});
    }
    std::cout << root.dump(2) << "\n";
    return 0;
  }
  for (std::size_t i = 0; i < score.lines.size(); ++i)
    std::cout << i + 1 << "\t" << score.label << " " << fixed(score.lines[i], 2) << "\n";
  std::cout << score.summary << "\n";
  return 0;
}

int score_bleu(const Corpus& corpus, const Output& output) {
  const metrics::BleuScore bleu = metrics::corpus_bleu(corpus.hyps, corpus.refs);
  SingleScore score{"bleu", "BLEU", json::object(), {}, bleu.format() + "\n" + bleu.signature()};
  score.fields = {{"bleu", bleu.score},          {"signature", bleu.signature()}, {"precisions", bleu.precisions},
                  {"bp", bleu.brevity_penalty}, {"ratio", bleu.ratio()},         {"hyp_len", bleu.sys_len},
                  {"ref_len", bleu.ref_len}};
  if (output.per_line)
    for (std::size_t i = 0; i < corpus.hyps.size(); ++i)
      score.lines.push_back(metrics::sentence_bleu(corpus.hyps[i], corpus.refs[i]).score);
  return print_single(score, output);
}

int score_chrf(const Corpus& corpus, const Output& output) {
  const metrics::ChrfScore chrf = metrics::corpus_chrf(corpus.hyps, corpus.refs);
  SingleScore score{"chrf", "chrF", {{"chrf", chrf.score}, {"signature", chrf.signature()}}, {},
                    chrf.format() + "\n" + chrf.signature()};
  if (output.per_line)  // sacreBLEU's sentence chrF is the corpus formula on one pair
    for (std::size_t i = 0; i < corpus.hyps.size(); ++i)
      score.lines.push_back(metrics::corpus_chrf({corpus.hyps[i]}, {corpus.refs[i]}).score);
  return print_single(score, output);
}

struct RougeType {
  const char* key;
  const char* label;
  metrics::RougeScore metrics::RougeScores::*pair_score;
  double metrics::RougeCorpusScore::*corpus_score;
};

const RougeType kRougeTypes[] = {
    {"rouge1", "ROUGE-1", &metrics::RougeScores::rouge1, &metrics::RougeCorpusScore::rouge1},
    {"rouge2", "ROUGE-2", &metrics::RougeScores::rouge2, &metrics::RougeCorpusScore::rouge2},
    {"rougeL", "ROUGE-L", &metrics::RougeScores::rougeL, &metrics::RougeCorpusScore::rougeL},
    {"rougeLsum", "ROUGE-Lsum", &metrics::RougeScores::rougeLsum, &metrics::RougeCorpusScore::rougeLsum},
};

// "P/R/F" x 100, for people.
std::string percentages(const metrics::RougeScore& s) {
  return fixed(100 * s.precision, 2) + "/" + fixed(100 * s.recall, 2) + "/" + fixed(100 * s.fmeasure, 2);
}

int score_rouge(const Corpus& corpus, const Output& output, bool use_stemmer) {
  const metrics::RougeCorpusScore rouge = metrics::corpus_rouge(corpus.hyps, corpus.refs, {use_stemmer});
  if (output.json) {
    json root = json::object();
    for (const RougeType& type : kRougeTypes) root[type.key] = rouge.*type.corpus_score;
    if (output.per_line) {
      root["per_line"] = json::array();
      for (const metrics::RougeScores& pair : rouge.pairs) {  // rouge_score's own 0..1 values
        json line = json::object();
        for (const RougeType& type : kRougeTypes) {
          const metrics::RougeScore& s = pair.*type.pair_score;
          line[type.key] = {{"precision", s.precision}, {"recall", s.recall}, {"fmeasure", s.fmeasure}};
        }
        root["per_line"].push_back(line);
      }
    }
    std::cout << root.dump(2) << "\n";
    return 0;
  }
  if (output.per_line) {
    for (std::size_t i = 0; i < rouge.pairs.size(); ++i) {
      std::cout << i + 1;
      for (const RougeType& type : kRougeTypes) std::cout << "\t" << type.label << " " << percentages(rouge.pairs[i].*type.pair_score);
      std::cout << "\n";
    }
    std::cout << "(per line: precision/recall/F x 100)\n";
  }
  for (const RougeType& type : kRougeTypes)
    std::cout << type.label << " = " << fixed(rouge.*type.corpus_score, 2) << "\n";
  std::cout << "mean F x 100 over " << rouge.pairs.size() << " pairs; rouge_score 0.1.2, "
            << (use_stemmer ? "Porter stemmer (NLTK 3.8)" : "no stemmer") << "\n";
  return 0;
}

}  // namespace

int run_score(const Argv& argv) {
  const std::vector<OptionSpec> specs = {
      {"metric", true, "bleu, chrf or rouge"},
      {"hyp", true, "hypotheses, one per line (UTF-8)"},
      {"ref", true, "references, line-aligned with --hyp"},
      {"json", false, "print the scores as JSON"},
      {"per-line", false, "also score every line on its own"},
      {"no-stemmer", false, "rouge: match words as they are (rouge_score's use_stemmer=False)"},
      {"help", false, "show this text"},
  };
  Args args = Args::parse(argv, specs);
  if (args.has("help")) {
    std::cout << "usage: l2s score --metric bleu|chrf|rouge --hyp FILE --ref FILE [--json] [--per-line]\n\n"
                 "Scores hypotheses against references: BLEU and chrF as sacreBLEU 2.4.3 computes them,\n"
                 "ROUGE-1/2/L/Lsum as Google's rouge_score 0.1.2 does (with its Porter stemmer; the\n"
                 "corpus score is the mean F-measure x 100).\n\n"
              << describe_options(specs);
    return 0;
  }
  if (!args.positional().empty()) throw Error("unexpected argument '" + args.positional().front() + "'");
  if (!args.has("metric")) throw Error("--metric is required: bleu, chrf or rouge");
  if (!args.has("hyp") || !args.has("ref")) throw Error("--hyp FILE and --ref FILE are required");
  const std::string metric = args.get("metric");
  if (metric != "bleu" && metric != "chrf" && metric != "rouge")
    throw Error("--metric: unknown metric '" + metric + "' (choose bleu, chrf or rouge)");
  if (args.has("no-stemmer") && metric != "rouge") throw Error("--no-stemmer applies to --metric rouge only");
  const Corpus corpus = read_corpus(args);
  const Output output{args.has("json"), args.has("per-line")};
  if (metric == "bleu") return score_bleu(corpus, output);
  if (metric == "chrf") return score_chrf(corpus, output);
  return score_rouge(corpus, output, !args.has("no-stemmer"));
}

}  // namespace l2s::cli
