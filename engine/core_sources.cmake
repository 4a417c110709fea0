# The torch-free engine sources (l2s_core), relative to engine/. A list of its own so that
# the fuzz build (tests/fuzz/CMakeLists.txt) compiles exactly the same files.
set(L2S_CORE_SOURCES
  common/install_paths.cpp
  io/atomic_file.cpp
  io/bounded_read.cpp
  io/mapped_file.cpp
  io/safetensors.cpp
  io/text_lines.cpp
  metrics/unicode_text.cpp
  metrics/tokenizer_13a.cpp
  metrics/corpus_input.cpp
  metrics/bleu.cpp
  metrics/chrf.cpp
  metrics/porter_stemmer.cpp
  metrics/rouge_tokenizer.cpp
  metrics/rouge.cpp
  metrics/metric_registry.cpp
  models/t5_config.cpp
  models/model_spec.cpp
  models/llama_config.cpp
  decoding/generation_options.cpp
  runtime/latency_stats.cpp
  runtime/metrics.cpp
  runtime/pack_info.cpp
  runtime/prompt_limit.cpp
  tokenizer/tokenizer.cpp
)
