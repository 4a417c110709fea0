#pragma once
// The LLM-to-SLM projector: Linear(d_llm -> d_hidden) -> ReLU ->
// Linear(d_hidden -> d_slm), mapping the LLM's final encoder states into the
// SLM's embedding space. When LLM and SLM tokenize differently, a learned
// linear map from the LLM's token embeddings gives the SLM its input
// embeddings (positions then follow the LLM's tokens).
//
// Stored like a Hugging Face model: config.json
//   {"model_type": "l2s_projector", "d_llm", "d_hidden", "d_slm", "input_embeddings": "slm" | "llm_mapped"}
// and model.safetensors with fc1.weight [d_hidden, d_llm], fc1.bias, fc2.weight [d_slm, d_hidden],
// fc2.bias and, for "llm_mapped", token_map.weight [d_slm, d_llm].
#include <ATen/core/Tensor.h>

#include <functional>
#include <string>
#include <vector>

namespace l2s {

struct ProjectorConfig {
  int64_t d_llm = 0;
  int64_t d_hidden = 0;  // defaults to d_slm
  int64_t d_slm = 0;
  bool llm_mapped_inputs = false;  // true: SLM inputs come from the LLM's token embeddings

  static ProjectorConfig from_file(const std::string& path);  // throws l2s::Error
  std::string to_json_text() const;
};

struct ProjectorWeights {
  at::Tensor fc1_weight, fc1_bias, fc2_weight, fc2_bias;
  at::Tensor token_map;  // llm_mapped_inputs only

  using Visitor = std::function<void(const std::string& name, at::Tensor& tensor, const std::vector<int64_t>& shape)>;
  void visit(const ProjectorConfig& config, const Visitor& visitor);
};

class Projector {
 public:
  Projector(ProjectorConfig config, ProjectorWeights weights);
  static Projector load(const std::string& dir);          // throws l2s::Error
  static Projector init(const ProjectorConfig& config, uint64_t seed);  // as torch.nn.Linear initialises
  void save(const std::string& dir) const;                // config.json + model.safetensors, atomically

  const ProjectorConfig& config() const { return config_; }
  ProjectorWeights& weights() { return weights_; }
  const ProjectorWeights& weights() const { return weights_; }

  // [B, S, d_llm] -> [B, S, d_slm]
  at::Tensor project(const at::Tensor& llm_states) const;
  // LLM token embeddings [B, S, d_llm] -> SLM input embeddings [B, S, d_slm]
  at::Tensor map_token_embeddings(const at::Tensor& llm_embeddings) const;

 private:
  ProjectorConfig config_;
  ProjectorWeights weights_;
};

}  // namespace l2s
