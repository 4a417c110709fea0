// Google Benchmark micro-benchmarks of the decode phase at batch 1, on
// randomly initialised T5s of t5-small's shape and of a small SLM's shape.
// Run: build/bin/bench_decoding --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
// (items_per_second of BM_Decode_* is decode tokens/s).
#include <ATen/ATen.h>
#include <benchmark/benchmark.h>
#include <c10/core/InferenceMode.h>

#include "engine/layers/dense.h"
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

// Decoding `tokens` tokens (self-attention over the growing cache, cross
// attention over a 20-token prompt, the LM head) per iteration; items/s is
// tokens/s of the decode phase.
void decode_tokens(benchmark::State& state, const l2s::T5Config& config) {
  l2s::set_compute_threads(static_cast<int>(state.range(1)));
  c10::InferenceMode inference;
  const l2s::T5Model model(config, l2s::init_t5_weights(config, 0));
  const at::Tensor states = model.encode(at::randint(3, config.vocab_size, {1, 20}, at::kLong), {});
  const int64_t tokens = state.range(0);
  const at::Tensor token = at::full({1}, 5, at::kLong);
  for (auto _ : state) {
    l2s::T5DecoderState decoder = model.start(states, {}, tokens);
    for (int64_t i = 0; i < tokens; ++i) benchmark::DoNotOptimize(model.step(decoder, token));
  }
  state.SetItemsProcessed(state.iterations() * tokens);
}

void BM_Decode_T5Small(benchmark::State& state) { decode_tokens(state, t5_small_shape()); }
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

}  // namespace

BENCHMARK(BM_Decode_T5Small)->ArgsProduct({{32}, {1, 2}})->ArgNames({"tokens", "threads"})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Decode_Slm)->ArgsProduct({{32}, {1, 2}})->ArgNames({"tokens", "threads"})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Dense_MatrixVector)->Arg(1)->Arg(2)->ArgName("threads")->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Dense_AtLinear)->Arg(1)->Arg(2)->ArgName("threads")->Unit(benchmark::kMicrosecond);

BENCHMARK_MAIN();
