#include "l2s/training/trainer.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <sstream>

#include "l2s/error.h"
#include "l2s/tokenizer.h"
#include "engine/training/adamw.h"
#include "engine/training/checkpoint_store.h"
#include "engine/training/evaluation.h"
#include "engine/training/tokenized_corpus.h"
#include "engine/training/deterministic_rng.h"
#include "engine/training/distributed.h"
#include "engine/training/group_sharding.h"
#include "engine/training/l2s_training_model.h"
#include "engine/training/llm_state_cache.h"
#include "engine/training/model_factory.h"
#include "engine/training/rank_agreement.h"
#include "engine/training/trainer_state.h"
#include "engine/training/training_log.h"
#include "engine/runtime/threads.h"
#include "engine/training/training_model.h"

namespace l2s::training {
namespace {

namespace fs = std::filesystem;

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// at::dropout draws from the default CPU generator; reseeding it before each
// batch makes the masks a function of (seed, step, batch) alone.
void seed_dropout(uint64_t seed) {
  at::Generator generator = at::detail::getDefaultCPUGenerator();
  std::lock_guard<std::mutex> lock(generator.mutex());
  generator.set_current_seed(seed);
}

at::ScalarType cache_dtype(const std::string& name) {
  if (name == "bf16") return at::kBFloat16;
  if (name == "f16") return at::kHalf;
  return at::kFloat;
}

std::string default_tokenizer(const TrainingConfig& config) {
  const std::string dir = config.mode == TrainingMode::L2s ? config.llm : config.model_init;
  if (!dir.empty())
    if (std::string path = Tokenizer::find_in_dir(dir); !path.empty()) return path;
  throw Error("no tokenizer: set \"tokenizer\" to a sentencepiece model" +
              std::string(dir.empty() ? "" : " (" + dir + " has no spiece.model or tokenizer.model)"));
}

std::string megabytes(int64_t bytes) {
  std::ostringstream out;
  out.precision(1);
  out << std::fixed << static_cast<double>(bytes) / (1024.0 * 1024.0) << " MiB";
  return out.str();
}

// Writes a folder beside `dir` and swaps it in, so `dir` always holds one
// whole model (an old one or the new one).
void replace_folder(const std::string& dir, const std::function<void(const std::string&)>& write) {
  const std::string fresh = dir + ".new", old = dir + ".old";
  try {
    fs::remove_all(fresh);
    write(fresh);
    fs::remove_all(old);
    if (fs::exists(dir)) fs::rename(dir, old);
    fs::rename(fresh, dir);
    fs::remove_all(old);
  } catch (const fs::filesystem_error& e) {
    throw Error(dir + ": cannot replace the folder: " + e.what());
  }
}

// Running sums between two log lines.
struct IntervalStats {
  double loss_sum = 0;
  int64_t target_tokens = 0, tokens = 0;
  double compute_s = 0;
  void add(const IntervalStats& other) {
    loss_sum += other.loss_sum;
    target_tokens += other.target_tokens;
    tokens += other.tokens;
    compute_s += other.compute_s;
  }
  double mean_loss() const { return target_tokens > 0 ? loss_sum / static_cast<double>(target_tokens) : 0; }
  double tokens_per_s() const { return compute_s > 0 ? static_cast<double>(tokens) / compute_s : 0; }
};

}  // namespace

struct Trainer::Impl {
  TrainingConfig config;
  TrainingCallbacks callbacks;
  std::string config_json;
  DistributedOptions distributed;
  std::unique_ptr<DistributedGroup> group;  // null: one process

  std::optional<Tokenizer> source_tokenizer, target_tokenizer;  // target empty: same as source
  TokenizedCorpus train, dev;
  std::optional<LlmStateCache> train_llm_states, dev_llm_states;
  std::vector<int32_t> source_lengths, target_lengths;
  BatchingOptions batching;
  EvaluationSet dev_set;

  std::unique_ptr<TrainingModel> model;
  std::unique_ptr<AdamW> optimizer;
  LrSchedule schedule;
  double dropout = 0;
  TrainerState state;
  int64_t start_step = 0, total_steps = 0;
  std::unique_ptr<CheckpointStore> store;
  std::unique_ptr<TrainingLog> log;

  void message(const std::string& text) const {
    if (callbacks.on_message) callbacks.on_message(text);
  }
  // Rank 0 (or the only process) evaluates and writes every file.
  bool lead() const { return !group || group->rank() == 0; }
  const Tokenizer& target_tok() const { return target_tokenizer ? *target_tokenizer : *source_tokenizer; }

  void setup();
  std::string find_resume_checkpoint();
  void load_data();
  void cache_llm_states();
  void check_ranks_agree_on_start();
  bool synchronise(IntervalStats& update, bool stop_requested);
  int64_t count_total_steps() const;

  TrainingBatch batch_for(const BatchIndices& rows) const;
  void train_group(const BatchPlan& plan, int64_t begin, int64_t end, IntervalStats& interval);
  DevScores evaluate_dev(double epoch, double elapsed_s);
  std::string save_checkpoint();
};

void Trainer::Impl::setup() {
  set_compute_threads(static_cast<int>(config.threads));
  if (distributed.world_size > 1) {
    distributed.timeout_s = config.dist_timeout_s;
    message("joining a group of " + std::to_string(distributed.world_size) + " ranks at " +
            distributed.master_addr + ":" + std::to_string(distributed.master_port) + " as rank " +
            std::to_string(distributed.rank));
    group = DistributedGroup::join(distributed);
  }
  fs::create_directories(config.output);
  store = std::make_unique<CheckpointStore>(config.output, config.keep_checkpoints);
  const std::string resume_dir = find_resume_checkpoint();

  const std::string source_path = config.tokenizer.empty() ? default_tokenizer(config) : config.tokenizer;
  const std::string target_path = config.target_tokenizer.empty() ? source_path : config.target_tokenizer;
  source_tokenizer = Tokenizer::load(source_path);
  if (target_path != source_path) target_tokenizer = Tokenizer::load(target_path);
  load_data();

  auto special_ids = [](const Tokenizer& t) { return TokenizerSpecialIds{t.bos_id(), t.eos_id(), t.pad_id()}; };
  ModelSources sources{source_path,
                       target_path,
                       source_tokenizer->vocab_size(),
                       target_tok().vocab_size(),
                       special_ids(*source_tokenizer),
                       special_ids(target_tok()),
                       resume_dir};
  model = create_training_model(config, sources);
  dropout = effective_dropout(config, *model);
  std::ostringstream summary;
  summary << "model: " << count_elements(model->parameters()) << " trainable parameters, dropout " << dropout;
  message(summary.str());
  if (model->needs_llm_states()) cache_llm_states();

  optimizer = std::make_unique<AdamW>(
      model->parameters(), AdamWOptions{config.adam_beta1, config.adam_beta2, config.adam_eps, config.weight_decay,
                                         config.adam_scale_by_rms});
  if (!resume_dir.empty()) {
    optimizer->load(CheckpointStore::optimizer_path(resume_dir));
    if (optimizer->steps() != state.step)
      throw Error(resume_dir + ": the optimizer state is at step " + std::to_string(optimizer->steps()) +
                  " but the trainer state at step " + std::to_string(state.step));
  }
  state.seed = config.seed;
  start_step = state.step;
  total_steps = count_total_steps();
  schedule = LrSchedule{config.lr, config.warmup_steps, config.schedule, total_steps};
  if (group) check_ranks_agree_on_start();
  if (lead()) log = std::make_unique<TrainingLog>(config.output + "/train.jsonl", state.step);
  message("training: " + std::to_string(total_steps) + " steps" +
          (start_step > 0 ? ", resuming at step " + std::to_string(start_step) : ""));
}

std::string Trainer::Impl::find_resume_checkpoint() {
  const std::optional<std::string> latest = store->latest();
  if (!latest) {
    if (config.resume) message("no checkpoint in " + config.output + ": starting a new run");
    return "";
  }
  if (!config.resume)
    throw Error(config.output + " already holds a training run (" + *latest +
                "): pass --resume to continue it, or choose another output folder");
  const TrainingConfig saved =
      parse_training_config(CheckpointStore::read_config_json(*latest), *latest + "/trainer_state/config.json");
  const std::vector<std::string> changed = training_trajectory_differences(saved, config);
  if (!changed.empty()) {
    std::string keys;
    for (const auto& key : changed) keys += (keys.empty() ? "" : ", ") + key;
    throw Error("cannot resume " + *latest + ": these settings differ from the saved run: " + keys +
                " (start a new output folder to change them)");
  }
  state = CheckpointStore::read_state(*latest);
  message("resuming from " + *latest);
  return *latest;
}

void Trainer::Impl::load_data() {
  const ModelFamily& reader = source_family(config);
  // A tokenizer without BOS (a T5 one) cannot add it.
  const SourceFraming framing{reader.prompt_adds_bos && source_tokenizer->bos_id() >= 0, reader.prompt_adds_eos};
  const ParallelText train_text = read_parallel_text(config.train);
  train = tokenize_corpus(train_text, *source_tokenizer, target_tok(), config.limits, config.source_prefix, false,
                          framing);
  source_lengths = train.sources.lengths();
  target_lengths = train.targets.lengths();
  message("training data: " + std::to_string(train.size()) + " examples, " +
          std::to_string(train.sources.total_tokens()) + " source and " +
          std::to_string(train.targets.total_tokens()) + " target tokens" +
          (train.truncated ? ", " + std::to_string(train.truncated) + " sequences truncated" : ""));
  batching = BatchingOptions{config.max_tokens, config.bucket_pool, config.seed};

  if (config.dev.empty() || !lead()) return;  // only rank 0 evaluates
  const ParallelText dev_text = read_parallel_text(config.dev);
  dev = tokenize_corpus(dev_text, *source_tokenizer, target_tok(), config.limits, config.source_prefix, true,
                        framing);
  const int64_t scored = config.eval_max_examples > 0 ? std::min(config.eval_max_examples, dev.size()) : dev.size();
  std::vector<int32_t> dev_sources = dev.sources.lengths(), dev_targets = dev.targets.lengths();
  dev_sources.resize(scored);
  dev_targets.resize(scored);
  dev_set.corpus = &dev;
  dev_set.batches = plan_in_length_order(dev_sources, dev_targets, config.max_tokens);
  message("dev data: " + std::to_string(dev.size()) + " examples, " + std::to_string(scored) + " scored");
}

void Trainer::Impl::cache_llm_states() {
  const auto& l2s = dynamic_cast<const L2sTrainingModel&>(*model);
  const at::ScalarType dtype = cache_dtype(config.llm_cache_dtype);
  const auto start = std::chrono::steady_clock::now();
  message("encoding the training sources with the frozen LLM (once)...");
  int last_decile = 0;
  auto report = [&](int64_t done, int64_t total) {
    if (callbacks.stop_setup && callbacks.stop_setup())
      throw Error("interrupted while the frozen LLM encoded the training sources (" + std::to_string(done) + " of " +
                  std::to_string(total) + " done): nothing was trained or saved");
    const int decile = static_cast<int>(10 * done / std::max<int64_t>(total, 1));
    if (decile > last_decile && decile < 10) message("  " + std::to_string(10 * decile) + "% of the sources encoded");
    last_decile = decile;
  };
  train_llm_states = LlmStateCache::build(l2s.llm(), train.sources, config.max_tokens, dtype, report);
  if (dev_set.corpus) {
    dev_llm_states = LlmStateCache::build(l2s.llm(), dev.sources, config.max_tokens, dtype);
    dev_set.llm_states = &*dev_llm_states;
  }
  const int64_t bytes = train_llm_states->bytes() + (dev_llm_states ? dev_llm_states->bytes() : 0);
  message("LLM states cached: " + megabytes(bytes) + " in " + std::to_string(seconds_since(start)) + " s");
}

void Trainer::Impl::check_ranks_agree_on_start() {
  std::vector<at::Tensor> tensors;
  for (const NamedParameter& p : model->parameters()) tensors.push_back(p.tensor);
  LoadedFacts facts = {{"world_size", std::to_string(group->world_size())},
                       {"resumed step", std::to_string(state.step)},
                       {"training data (token ids)", hash_sequences(train.sources, train.targets)},
                       {"trained parameters at the start", hash_tensors(tensors)},
                       {"optimizer step", std::to_string(optimizer->steps())}};
  if (train_llm_states) facts.push_back({"the frozen LLM's cached states", hash_tensors({train_llm_states->all_states()})});
  check_ranks_agree(*group, config_json, facts);
}

// Sums the update's loss over the ranks, and agrees on stopping: the group
// stops after the same step when any rank was asked to.
bool Trainer::Impl::synchronise(IntervalStats& update, bool stop_requested) {
  if (!group) return stop_requested;
  std::vector<at::Tensor> sums{at::tensor({update.loss_sum, stop_requested ? 1.0 : 0.0}, at::kDouble)};
  group->all_reduce_sum(sums, "summing the loss");
  update.loss_sum = sums[0][0].item<double>();
  return sums[0][1].item<double>() > 0;
}

int64_t Trainer::Impl::count_total_steps() const {
  int64_t total = 0;
  for (int64_t epoch = 0; epoch < config.epochs; ++epoch) {
    const auto batches = static_cast<int64_t>(plan_epoch(source_lengths, target_lengths, batching, epoch).size());
    total += (batches + config.accumulation - 1) / config.accumulation;
    if (config.max_steps > 0 && total >= config.max_steps) break;
  }
  if (config.max_steps > 0) total = config.epochs > 0 ? std::min(total, config.max_steps) : config.max_steps;
  return total;
}

TrainingBatch Trainer::Impl::batch_for(const BatchIndices& rows) const {
  const ModelSpec& spec = model->target_model().spec();
  TrainingBatch batch = make_batch(train.sources, train.targets, rows, spec.padding_id(), spec.answer_start_token_id);
  if (train_llm_states) batch.llm_states = train_llm_states->gather(rows, batch.source_ids.size(1));
  return batch;
}

// One optimizer update over batches [begin, end) of `plan`: this rank's
// share of them (all of them in one process), gradients summed over ranks.
void Trainer::Impl::train_group(const BatchPlan& plan, int64_t begin, int64_t end, IntervalStats& interval) {
  const auto start = std::chrono::steady_clock::now();
  // Normalise by the group's target tokens (over all ranks) so accumulated
  // gradients equal those of one large batch.
  int64_t group_targets = 0, group_tokens = 0;
  for (int64_t i = begin; i < end; ++i)
    for (int64_t row : plan[i]) {
      group_targets += train.targets.length(row);
      group_tokens += train.sources.length(row) + train.targets.length(row);
    }

  const int rank = group ? group->rank() : 0, world = group ? group->world_size() : 1;
  double loss_sum = 0;
  for (const ShardPiece& piece : shard_group(plan, begin, end, rank, world)) {
    TrainingBatch batch = batch_for(piece.rows);
    if (dropout > 0) {
      uint64_t seed = mix_seed(config.seed, static_cast<uint64_t>(state.step + 1), piece.batch_in_group);
      if (!piece.whole_batch) seed = mix_seed(seed, static_cast<uint64_t>(rank), 0x5111CE);
      seed_dropout(seed);
    }
    at::Tensor loss = teacher_forced_loss_sum(*model, batch, dropout, config.label_smoothing);
    (loss / static_cast<double>(group_targets)).backward();
    loss_sum += loss.item<double>();
  }
  if (group) group->all_reduce_gradients(model->parameters());
  clip_gradient_norm(model->parameters(), config.clip_norm);
  optimizer->step(schedule.at(state.step + 1));
  optimizer->zero_grad();
  ++state.step;
  state.tokens_seen += group_tokens;
  interval.tokens += group_tokens;
  interval.loss_sum += loss_sum;
  interval.target_tokens += group_targets;
  interval.compute_s += seconds_since(start);
}

DevScores Trainer::Impl::evaluate_dev(double epoch, double elapsed_s) {
  const int64_t max_new = config.eval_max_new_tokens > 0 ? config.eval_max_new_tokens : config.limits.max_target_len;
  DevScores scores = evaluate(*model, dev_set, target_tok(), {max_new, true, config.task});
  log->write(EvalLogLine{state.step, epoch, scores.loss, scores.metrics, elapsed_s});
  if (callbacks.on_eval) callbacks.on_eval(state.step, scores);
  const bool better = state.best_step < 0 || scores.primary > state.best_dev_score ||
                      (scores.primary == state.best_dev_score && scores.loss < state.best_dev_loss);
  if (better) {
    state.best_dev_score = scores.primary;
    state.best_dev_loss = scores.loss;
    state.best_step = state.step;
    replace_folder(config.output + "/best", [&](const std::string& dir) { model->save(dir); });
  }
  return scores;
}

std::string Trainer::Impl::save_checkpoint() {
  if (!lead()) return "";
  const std::string dir = store->save(state, config_json, [&](const std::string& d) { model->save(d); }, *optimizer);
  message("checkpoint: " + dir);
  return dir;
}

Trainer::Trainer(TrainingConfig config, TrainingCallbacks callbacks, DistributedOptions distributed)
    : impl_(std::make_unique<Impl>()) {
  impl_->config = std::move(config);
  impl_->callbacks = std::move(callbacks);
  impl_->distributed = std::move(distributed);
  impl_->config_json = training_config_to_json(impl_->config);
  impl_->setup();
}

Trainer::~Trainer() = default;

const TrainingModel& Trainer::model() const { return *impl_->model; }
int64_t Trainer::start_step() const { return impl_->start_step; }
int64_t Trainer::total_steps() const { return impl_->total_steps; }

TrainingResult Trainer::run(const std::atomic<bool>* stop) {
  Impl& m = *impl_;
  set_compute_threads(static_cast<int>(m.config.threads));
  const auto run_start = std::chrono::steady_clock::now();
  const double elapsed_before = m.state.elapsed_s;
  auto elapsed = [&] { return elapsed_before + seconds_since(run_start); };

  TrainingResult result;
  result.total_steps = m.total_steps;
  IntervalStats interval, run_totals;  // since the last log line; since this run started
  int64_t last_eval_step = -1, last_save_step = -1;
  BatchPlan plan;
  int64_t planned_epoch = -1;
  auto fractional_epoch = [&] {
    return static_cast<double>(m.state.epoch) +
           (plan.empty() || planned_epoch != m.state.epoch
                ? 0.0
                : static_cast<double>(m.state.batch_index) / static_cast<double>(plan.size()));
  };

  while (m.state.step < m.total_steps) {
    if (planned_epoch != m.state.epoch) {
      plan = plan_epoch(m.source_lengths, m.target_lengths, m.batching, m.state.epoch);
      planned_epoch = m.state.epoch;
    }
    const int64_t begin = m.state.batch_index;
    const int64_t end = std::min<int64_t>(begin + m.config.accumulation, static_cast<int64_t>(plan.size()));
    const double lr = m.schedule.at(m.state.step + 1);
    IntervalStats update;
    m.train_group(plan, begin, end, update);
    const bool group_stops = m.synchronise(update, stop && stop->load());
    interval.add(update);
    run_totals.add(update);
    m.state.batch_index = end;
    if (end >= static_cast<int64_t>(plan.size())) {
      ++m.state.epoch;
      m.state.batch_index = 0;
    }
    const int64_t step = m.state.step;
    const double epoch = fractional_epoch();

    if (m.callbacks.on_step)
      m.callbacks.on_step({step, m.total_steps, epoch, interval.mean_loss(), run_totals.tokens_per_s(), lr});
    if (m.log && (step % m.config.log_interval == 0 || step == m.total_steps)) {
      m.log->write(TrainLogLine{step, epoch, interval.mean_loss(), lr, interval.tokens_per_s(), elapsed()});
      interval = IntervalStats{};
    }
    if (m.dev_set.corpus && m.config.eval_interval > 0 && step % m.config.eval_interval == 0) {
      result.last_dev = m.evaluate_dev(epoch, elapsed());
      last_eval_step = step;
    }
    // One process reads the flag last (a callback may have set it); a group
    // keeps the step its ranks agreed on.
    const bool stopping = m.group ? group_stops : stop && stop->load();
    if ((m.config.save_interval > 0 && step % m.config.save_interval == 0) || stopping) {
      m.state.elapsed_s = elapsed();
      result.checkpoint = m.save_checkpoint();
      last_save_step = step;
    }
    if (stopping) {
      result.outcome = TrainingOutcome::Interrupted;
      break;
    }
  }

  if (result.outcome == TrainingOutcome::Finished) {
    const double epoch = fractional_epoch();
    if (m.dev_set.corpus && last_eval_step != m.state.step) result.last_dev = m.evaluate_dev(epoch, elapsed());
    m.state.elapsed_s = elapsed();
    if (last_save_step != m.state.step) result.checkpoint = m.save_checkpoint();
    if (m.lead()) {
      m.model->save(m.config.output);  // the final model, ready to use
      m.message("final model: " + m.config.output);
    }
  }
  result.step = m.state.step;
  result.tokens_per_s = run_totals.tokens_per_s();
  return result;
}

}  // namespace l2s::training
