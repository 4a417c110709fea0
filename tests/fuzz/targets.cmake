# The fuzz targets: tests/fuzz/fuzz_<name>.cpp, seeds in tests/fuzz/corpus/<name>/,
# crash reproducers in tests/fuzz/crashes/<name>/. Built with libFuzzer by
# tests/fuzz/CMakeLists.txt, and replayed by the normal build's ctest
# (tests/CMakeLists.txt, fuzz_replay_<name>).
set(L2S_FUZZ_TARGETS safetensors model_config pack_info training_config parallel_text tokenizer_load)
# Targets that run models: libtorch, the engine and the tiny test pack (tests/support).
set(L2S_FUZZ_MODEL_TARGETS prompt_generate)
