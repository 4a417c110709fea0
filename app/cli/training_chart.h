#pragma once
// The training chart of `l2s plot --log`: training and dev loss on the left
// axis, dev BLEU on the right, against the step, from a training log
// (OUTPUT/train.jsonl of `l2s train`).
#include <string>
#include <vector>

namespace l2s::cli {

struct Point {
  double x, y;
};

struct Curves {
  std::vector<Point> train_loss, dev_loss, dev_bleu;
};

// Reads the log. A malformed last line is skipped (training may be writing
// it right now); any other malformed line is an error naming it.
Curves read_training_log(const std::string& path);
std::string render_training_chart(const Curves& curves, const std::string& title, int width, int height);

}  // namespace l2s::cli
