// `l2s plot`: a self-contained SVG chart of a training log (training
// curves) or of a benchmark report (quality against speed per mode).
#include <iostream>
#include <vector>

#include "cli/args.h"
#include "cli/bench_chart.h"
#include "cli/commands.h"
#include "cli/training_chart.h"
#include "l2s/error.h"
#include "l2s/atomic_file.h"

namespace l2s::cli {

int run_plot(const Argv& argv) {
  const std::vector<OptionSpec> specs = {
      {"log", true, "training log (OUTPUT/train.jsonl of l2s train): training curves"},
      {"bench", true, "benchmark report (l2s bench --ref ... --json): BLEU against tokens/s per mode"},
      {"out", true, "SVG file to write"},
      {"title", true, "chart title (default: the input's path)"},
      {"width", true, "pixels (default 900)"},
      {"height", true, "pixels (default 500)"},
      {"help", false, "show this text"},
  };
  Args args = Args::parse(argv, specs);
  if (args.has("help")) {
    std::cout << "usage: l2s plot --log train.jsonl --out curves.svg\n"
                 "       l2s plot --bench bench.json --out speed-quality.svg\n\n"
                 "Draws training and dev loss and dev BLEU against the step, or each benchmarked mode's\n"
                 "BLEU against its generated tokens per second, as an SVG chart.\n\n"
              << describe_options(specs);
    return 0;
  }
  if (args.has("log") == args.has("bench")) throw Error("give one of --log FILE and --bench FILE, and --out FILE");
  if (!args.has("out")) throw Error("--out FILE is required");
  if (!args.positional().empty()) throw Error("unexpected argument '" + args.positional().front() + "'");
  const int width = static_cast<int>(args.get_int("width", 900, 300, 10000));
  const int height = static_cast<int>(args.get_int("height", 500, 200, 10000));
  if (args.has("bench")) {
    const std::vector<BenchPoint> points = read_bench_report(args.get("bench"));
    io::write_text_atomically(args.get("out"),
                              render_bench_chart(points, args.get("title", args.get("bench")), width, height));
    std::cout << "wrote " << args.get("out") << " (" << points.size() << " modes)\n";
    return 0;
  }
  const Curves curves = read_training_log(args.get("log"));
  io::write_text_atomically(args.get("out"),
                            render_training_chart(curves, args.get("title", args.get("log")), width, height));
  std::cout << "wrote " << args.get("out") << " (" << curves.train_loss.size() << " training points, "
            << curves.dev_loss.size() << " evaluations)\n";
  return 0;
}

}  // namespace l2s::cli
