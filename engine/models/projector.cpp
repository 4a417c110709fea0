#include "engine/models/projector.h"

#include <ATen/ATen.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "l2s/error.h"
#include "engine/io/bounded_read.h"
#include "l2s/atomic_file.h"
#include "engine/io/checkpoint.h"
#include "engine/layers/dense.h"

namespace l2s {
namespace {

int64_t required_dim(const nlohmann::json& root, const char* key, const std::string& path) {
  auto it = root.find(key);
  if (it == root.end() || !it->is_number_integer() || it->get<int64_t>() <= 0 || it->get<int64_t>() > (1 << 20))
    throw Error(path + ": \"" + key + "\" must be a positive integer");
  return it->get<int64_t>();
}

// A string setting, or `fallback` when absent; another JSON type is an error
// (nlohmann's value() would throw its own exception instead).
std::string string_setting(const nlohmann::json& root, const char* key, const char* fallback, const std::string& path) {
  const auto it = root.find(key);
  if (it == root.end()) return fallback;
  if (!it->is_string()) throw Error(path + ": " + key + " must be a string");
  return it->get<std::string>();
}

}  // namespace

ProjectorConfig ProjectorConfig::from_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot open the projector config");
  nlohmann::json root = nlohmann::json::parse(io::read_bounded(in, path, "projector config"), nullptr, false);
  if (root.is_discarded() || !root.is_object()) throw Error(path + ": not a JSON object");
  if (string_setting(root, "model_type", "", path) != "l2s_projector")
    throw Error(path + ": model_type must be \"l2s_projector\"");
  ProjectorConfig config;
  config.d_llm = required_dim(root, "d_llm", path);
  config.d_slm = required_dim(root, "d_slm", path);
  config.d_hidden = root.contains("d_hidden") ? required_dim(root, "d_hidden", path) : config.d_slm;
  const std::string inputs = string_setting(root, "input_embeddings", "slm", path);
  if (inputs != "slm" && inputs != "llm_mapped")
    throw Error(path + ": input_embeddings must be \"slm\" or \"llm_mapped\", not \"" + inputs + "\"");
  config.llm_mapped_inputs = inputs == "llm_mapped";
  return config;
}

std::string ProjectorConfig::to_json_text() const {
  nlohmann::json root = {{"model_type", "l2s_projector"},
                         {"d_llm", d_llm},
                         {"d_hidden", d_hidden},
                         {"d_slm", d_slm},
                         {"input_embeddings", llm_mapped_inputs ? "llm_mapped" : "slm"}};
  return root.dump(2) + "\n";
}

void ProjectorWeights::visit(const ProjectorConfig& c, const Visitor& visitor) {
  visitor("fc1.weight", fc1_weight, {c.d_hidden, c.d_llm});
  visitor("fc1.bias", fc1_bias, {c.d_hidden});
  visitor("fc2.weight", fc2_weight, {c.d_slm, c.d_hidden});
  visitor("fc2.bias", fc2_bias, {c.d_slm});
  if (c.llm_mapped_inputs) visitor("token_map.weight", token_map, {c.d_slm, c.d_llm});
}

Projector::Projector(ProjectorConfig config, ProjectorWeights weights)
    : config_(std::move(config)), weights_(std::move(weights)) {}

Projector Projector::load(const std::string& dir) {
  ProjectorConfig config = ProjectorConfig::from_file(dir + "/config.json");
  io::Checkpoint checkpoint = io::Checkpoint::open(dir);
  ProjectorWeights weights;
  weights.visit(config, [&](const std::string& name, at::Tensor& tensor, const std::vector<int64_t>& shape) {
    if (!checkpoint.contains(name)) throw Error(dir + ": projector tensor '" + name + "' is missing");
    tensor = checkpoint.load_float(name);
    if (tensor.sizes() != at::IntArrayRef(shape))
      throw Error(dir + ": projector tensor '" + name + "' does not match the sizes in config.json");
  });
  return Projector(std::move(config), std::move(weights));
}

Projector Projector::init(const ProjectorConfig& config, uint64_t seed) {
  at::Generator generator = at::detail::createCPUGenerator(seed);
  ProjectorWeights weights;
  weights.visit(config, [&](const std::string& name, at::Tensor& tensor, const std::vector<int64_t>& shape) {
    // torch.nn.Linear: U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for weight and bias.
    const int64_t fan_in = shape.size() == 2 ? shape[1] : (name == "fc1.bias" ? config.d_llm : config.d_hidden);
    const double bound = 1.0 / std::sqrt(static_cast<double>(fan_in));
    tensor = at::empty(shape).uniform_(-bound, bound, generator);
  });
  return Projector(config, std::move(weights));
}

void Projector::save(const std::string& dir) const {
  std::filesystem::create_directories(dir);
  std::vector<std::pair<std::string, at::Tensor>> named;
  ProjectorWeights copy = weights_;
  copy.visit(config_, [&](const std::string& name, at::Tensor& tensor, const std::vector<int64_t>&) {
    named.emplace_back(name, tensor);
  });
  io::save_tensors(dir + "/model.safetensors", named);
  io::write_text_atomically(dir + "/config.json", config_.to_json_text());
}

at::Tensor Projector::project(const at::Tensor& llm_states) const {
  at::Tensor hidden = at::relu(layers::dense(llm_states, weights_.fc1_weight) + weights_.fc1_bias);
  return layers::dense(hidden, weights_.fc2_weight) + weights_.fc2_bias;
}

at::Tensor Projector::map_token_embeddings(const at::Tensor& llm_embeddings) const {
  return layers::dense(llm_embeddings, weights_.token_map);
}

}  // namespace l2s
