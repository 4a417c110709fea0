#pragma once
// Refuses, at start-up, a data-parallel group whose ranks would train
// different things: each rank publishes its settings and hashes of what it
// loaded (data, initial parameters, ...), and every rank compares them with
// everyone's, so all ranks stop with the same message naming the difference.
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "engine/training/token_sequences.h"

namespace l2s::training {

class DistributedGroup;

// (what, value): e.g. ("training data", a hash), ("resumed step", "40").
using LoadedFacts = std::vector<std::pair<std::string, std::string>>;

// `config_json`: training_config_to_json. Keys that may differ per rank
// (output, threads, resume, paths whose contents `facts` cover, the lead
// rank's evaluation and checkpoint settings) are not compared.
// Throws l2s::Error listing every difference with each rank's value.
void check_ranks_agree(DistributedGroup& group, const std::string& config_json, const LoadedFacts& facts);

// FNV-1a hashes, as hex text.
std::string hash_sequences(const TokenSequences& a, const TokenSequences& b);
std::string hash_tensors(const std::vector<at::Tensor>& tensors);

}  // namespace l2s::training
