// Google Benchmark micro-benchmarks of the decode phase at batch 1, on
// randomly initialised T5s of t5-small's shape and of a small SLM's shape.
// Run: build/bin/bench_decoding --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
// (items_per_second of BM_Decode_* is decode tokens/s).
#include <ATen/ATen.h>
#include <benchmark/benchmark.h>
#include <c10/core/InferenceMode.h>

#include <vector>

#include "engine/layers/dense.h"
#include "engine/layers/small_rows_dense.h"
#include "engine/models/t5_family.h"
#include "engine/models/t5_model.h"
#include "engine/runtime/threads.h"

namespace {

l2s::T5Config t5_small_shape() {
  l2s::T5Config config;  // the defaults are t5-small's: d_model 512, 6+6 layers, 8 heads, d_ff 2048
  config.vocab_size = 32128;
  return config;
}

l2s::T5Config slm_shape() {
  l2s::T5Config config = t5_small_shape();
  config.d_model = 192, config.d_kv = 32, config.num_heads = 6, config.d_ff = 768;
  config.num_layers = 2, config.num_decoder_layers = 2;
  return config;
}

// A randomly initialised T5 of `config` (its decode weights stored as bf16
// when asked, EngineOptions::dtype) and its encoder states for a 20-token
// prompt. Build it under c10::InferenceMode.
struct RandomT5 {
  l2s::T5LanguageModel family;
  at::Tensor states;
  RandomT5(const l2s::T5Config& config, bool bf16) : family(l2s::T5Model(config, l2s::init_t5_weights(config, 0))) {
    if (bf16) family.store_decode_matrices(at::kBFloat16);
    states = model().encode(at::randint(3, config.vocab_size, {1, 20}, at::kLong), {});
  }
  const l2s::T5Model& model() const { return family.model(); }
};

// Decoding `tokens` tokens (self-attention over the growing cache, cross
// attention over the prompt, the LM head) per iteration; items/s is tokens/s
// of the decode phase.
void decode_tokens(benchmark::State& state, const RandomT5& t5, int64_t tokens) {
  const at::Tensor token = at::full({1}, 5, at::kLong);
  for (auto _ : state) {
    l2s::T5DecoderState decoder = t5.model().start(t5.states, {}, tokens);
    for (int64_t i = 0; i < tokens; ++i) benchmark::DoNotOptimize(t5.model().step(decoder, token));
  }
  state.SetItemsProcessed(state.iterations() * tokens);
}

// Args: tokens, threads.
void decode_tokens(benchmark::State& state, const l2s::T5Config& config) {
  l2s::set_compute_threads(static_cast<int>(state.range(1)));
  c10::InferenceMode inference;
  decode_tokens(state, RandomT5(config, false), state.range(0));
}

void BM_Decode_T5Small(benchmark::State& state) { decode_tokens(state, t5_small_shape()); }

// t5-base's shape (d_model 768, 12 + 12 layers, d_ff 3072) with its decode
// weights stored as float32 (arg 0) or bfloat16 (arg 1, EngineOptions::dtype
// "bf16"): 16 tokens after a 20-token prompt, one thread.
void BM_Decode_T5Base(benchmark::State& state) {
  l2s::set_compute_threads(1);
  c10::InferenceMode inference;
  l2s::T5Config config = t5_small_shape();
  config.d_model = 768, config.d_kv = 64, config.num_heads = 12, config.d_ff = 3072;
  config.num_layers = 12, config.num_decoder_layers = 12;
  decode_tokens(state, RandomT5(config, state.range(0) == 1), 16);
}

// The default pack's LLM shape (d_model 320, 6 + 6 layers, 8,000 pieces).
l2s::T5Config default_llm_shape() {
  l2s::T5Config config = t5_small_shape();
  config.vocab_size = 8000, config.d_model = 320, config.d_kv = 64, config.num_heads = 5, config.d_ff = 1280;
  return config;
}

// One decoder pass over `positions` tokens after a 12-token answer prefix:
// what mode verified pays to check positions - 1 drafts. Ideally close to
// one step's cost (the weights are read once either way).
void BM_DecoderPass_Positions(benchmark::State& state) {
  l2s::set_compute_threads(static_cast<int>(state.range(1)));
  c10::InferenceMode inference;
  const RandomT5 t5(default_llm_shape(), false);
  const int64_t positions = state.range(0);
  l2s::T5DecoderState decoder = t5.model().start(t5.states, {}, 64);
  for (int i = 0; i < 12; ++i) t5.model().step(decoder, at::full({1}, 5, at::kLong));
  const at::Tensor ids = at::full({1, positions}, 5, at::kLong);
  for (auto _ : state) {
    benchmark::DoNotOptimize(t5.model().steps(decoder, ids));
    decoder.truncate(12);
  }
}
void BM_Decode_Slm(benchmark::State& state) { decode_tokens(state, slm_shape()); }

// The batch-1 projection: matrix-vector (what `dense` does) against at::linear.
void BM_Dense_MatrixVector(benchmark::State& state) {
  l2s::set_compute_threads(static_cast<int>(state.range(0)));
  const at::Tensor weight = at::randn({2048, 512}), x = at::randn({1, 1, 512});
  for (auto _ : state) benchmark::DoNotOptimize(l2s::layers::dense(x, weight));
}
void BM_Dense_AtLinear(benchmark::State& state) {
  l2s::set_compute_threads(static_cast<int>(state.range(0)));
  const at::Tensor weight = at::randn({2048, 512}), x = at::randn({1, 1, 512});
  for (auto _ : state) benchmark::DoNotOptimize(at::linear(x, weight));
}

// A few rows through a decoder's worth of weights (t5-small's feed-forward
// matrices, 48 MB: beyond the caches, as in decoding): the kernel that reads
// each matrix once, a matrix-vector product per row, and at::linear (GEMM).
struct RowsCase {
  std::vector<at::Tensor> weights;
  at::Tensor x;
  explicit RowsCase(benchmark::State& state) {
    l2s::set_compute_threads(static_cast<int>(state.range(1)));
    for (int i = 0; i < 12; ++i) weights.push_back(at::randn({2048, 512}));
    x = at::randn({state.range(0), 512});
  }
  void count(benchmark::State& state) const {
    state.SetBytesProcessed(state.iterations() * int64_t(weights.size()) * weights[0].nbytes());
  }
};
void BM_Dense_Rows_Kernel(benchmark::State& state) {
  RowsCase c(state);
  for (auto _ : state)
    for (const at::Tensor& w : c.weights) benchmark::DoNotOptimize(l2s::layers::small_rows_dense(c.x, w));
  c.count(state);
}
void BM_Dense_Rows_MatrixVectorPerRow(benchmark::State& state) {
  RowsCase c(state);
  for (auto _ : state)
    for (const at::Tensor& w : c.weights)
      for (int64_t r = 0; r < c.x.size(0); ++r) benchmark::DoNotOptimize(at::mv(w, c.x[r]));
  c.count(state);
}
void BM_Dense_Rows_AtLinear(benchmark::State& state) {
  RowsCase c(state);
  for (auto _ : state)
    for (const at::Tensor& w : c.weights) benchmark::DoNotOptimize(at::linear(c.x, w));
  c.count(state);
}

}  // namespace

BENCHMARK(BM_Decode_T5Small)->ArgsProduct({{32}, {1, 2}})->ArgNames({"tokens", "threads"})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Decode_T5Base)->Arg(0)->Arg(1)->ArgName("bf16")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Decode_Slm)->ArgsProduct({{32}, {1, 2}})->ArgNames({"tokens", "threads"})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Dense_MatrixVector)->Arg(1)->Arg(2)->ArgName("threads")->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Dense_AtLinear)->Arg(1)->Arg(2)->ArgName("threads")->Unit(benchmark::kMicrosecond);

BENCHMARK(BM_DecoderPass_Positions)->ArgsProduct({{1, 2, 3, 5, 7}, {1, 2}})->ArgNames({"positions", "threads"})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Dense_Rows_Kernel)->ArgsProduct({{1, 2, 4, 8}, {1, 2}})->ArgNames({"rows", "threads"})->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Dense_Rows_MatrixVectorPerRow)->ArgsProduct({{1, 2, 4, 8}, {1, 2}})->ArgNames({"rows", "threads"})->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Dense_Rows_AtLinear)->ArgsProduct({{1, 2, 4, 8}, {1, 2}})->ArgNames({"rows", "threads"})->Unit(benchmark::kMicrosecond);

BENCHMARK_MAIN();
