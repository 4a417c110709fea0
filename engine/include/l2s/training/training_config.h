#pragma once
// Every setting of a training run. One table of keys drives the JSON config
// file, the command-line flags that override it, the copy saved with each
// checkpoint and the documentation (docs/training.md lists the same keys).
// Torch-free.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "l2s/training/lr_schedule.h"
#include "l2s/training/parallel_text.h"

namespace l2s::training {

struct LengthLimits {
  int64_t max_source_len = 256;  // tokens, BOS/EOS included
  int64_t max_target_len = 256;
  bool truncate = false;  // false: a longer sequence is an error naming its line
};

enum class TrainingMode { Lm, L2s };

struct TrainingConfig {
  TrainingMode mode = TrainingMode::Lm;

  // Data.
  ParallelSource train, dev;  // dev is optional
  std::string source_prefix;
  LengthLimits limits;

  // Tokenizers (sentencepiece models). Default: spiece.model of the LLM
  // (l2s) or of model_init (lm); target_tokenizer defaults to tokenizer.
  std::string tokenizer, target_tokenizer;

  // Models. lm: the model; l2s: the SLM. model_config is a config.json path
  // or inline JSON text; model_init a Hugging Face folder.
  std::string model_config, model_init;
  std::string llm;             // l2s: the frozen LLM's folder
  std::string projector_init;  // l2s: a projector folder; empty: a fresh projector
  int64_t projector_hidden = 0;               // 0: the SLM's d_model
  std::string projector_inputs = "slm";       // "slm" or "llm_mapped"
  std::string llm_cache_dtype = "f32";        // "f32", "bf16" or "f16"

  // Batching and optimisation.
  int64_t max_tokens = 4096;
  int64_t bucket_pool = 100000;
  int64_t accumulation = 1;
  double lr = 5e-4;
  int64_t warmup_steps = 1000;
  LrDecay schedule = LrDecay::InverseSqrt;
  double weight_decay = 0.01;
  double adam_beta1 = 0.9, adam_beta2 = 0.999, adam_eps = 1e-8;
  bool adam_scale_by_rms = false;
  double clip_norm = 1.0;  // 0: no clipping
  double label_smoothing = 0.1;
  double dropout = -1;     // < 0: the model config's dropout_rate
  int64_t epochs = 10;     // 0: max_steps alone decides
  int64_t max_steps = 0;   // 0: epochs alone decide

  // Evaluation, logging, checkpoints.
  std::string task = "translate";  // its metrics score the dev set; the primary one picks best/
  int64_t log_interval = 50;
  int64_t eval_interval = 1000;  // 0: evaluate at the end only
  int64_t eval_max_examples = 0; // 0: the whole dev set
  int64_t eval_max_new_tokens = 0;  // 0: max_target_len
  int64_t save_interval = 1000;  // 0: save at the end (and on interruption) only
  int64_t keep_checkpoints = 2;
  uint64_t seed = 1;
  int64_t threads = 0;  // 0: all cores
  double dist_timeout_s = 300;  // data-parallel runs: the longest wait for another rank
  std::string output;
  bool resume = false;
};

const char* training_mode_name(TrainingMode mode);

enum class ConfigValueKind { String, Integer, Number, Boolean, Json };

struct ConfigKey {
  std::string name;  // JSON key; the flag is --name with '_' written as '-'
  ConfigValueKind kind;
  std::string help;
};

const std::vector<ConfigKey>& training_config_keys();

// Parses a JSON object (keys above; unknown keys are errors naming `source`),
// then applies `overrides` (key, text value as typed on a command line).
// Throws l2s::Error on unknown keys, wrong types, values out of range or
// settings that do not fit the mode.
TrainingConfig parse_training_config(const std::string& json_text, const std::string& source,
                                     const std::vector<std::pair<std::string, std::string>>& overrides = {});

// The config as a JSON object with every key (saved with checkpoints).
std::string training_config_to_json(const TrainingConfig& config);

// Keys whose values differ and that change what training computes (data,
// model, optimisation, seed); a resumed run must keep them.
std::vector<std::string> training_trajectory_differences(const TrainingConfig& a, const TrainingConfig& b);

}  // namespace l2s::training
