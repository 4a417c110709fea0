#include "engine/models/llama_config.h"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "l2s/error.h"
#include "engine/io/bounded_read.h"

namespace l2s {
namespace {

using nlohmann::json;

// Reads config.json keys, each with the problem and the key named in the error.
class Keys {
 public:
  Keys(const json& root, const std::string& source) : root_(root), source_(source) {}

  [[noreturn]] void fail(const std::string& key, const std::string& problem) const {
    throw Error(source_ + ": \"" + key + "\" " + problem);
  }
  const json* find(const char* key) const {
    auto it = root_.find(key);
    return it == root_.end() || it->is_null() ? nullptr : &*it;
  }
  int64_t integer(const char* key, int64_t fallback) const {
    const json* value = find(key);
    if (!value) return fallback;
    if (!value->is_number_integer()) fail(key, "must be an integer");
    return value->get<int64_t>();
  }
  double number(const char* key, double fallback) const {
    const json* value = find(key);
    if (!value) return fallback;
    if (!value->is_number()) fail(key, "must be a number");
    return value->get<double>();
  }
  bool boolean(const char* key, bool fallback) const {
    const json* value = find(key);
    if (!value) return fallback;
    if (!value->is_boolean()) fail(key, "must be true or false");
    return value->get<bool>();
  }
  // A token id that may be absent (the default) or null (no such token).
  std::optional<int64_t> token(const char* key, std::optional<int64_t> fallback) const {
    auto it = root_.find(key);
    if (it == root_.end()) return fallback;
    if (it->is_null()) return std::nullopt;
    if (!it->is_number_integer()) fail(key, "must be an integer or null");
    return it->get<int64_t>();
  }
  // "eos_token_id": one id, a list of ids (Llama 3), or null.
  std::vector<int64_t> tokens(const char* key, std::vector<int64_t> fallback) const {
    auto it = root_.find(key);
    if (it == root_.end()) return fallback;
    if (it->is_null()) return {};
    if (it->is_number_integer()) return {it->get<int64_t>()};
    if (!it->is_array()) fail(key, "must be an integer, a list of integers or null");
    std::vector<int64_t> ids;
    for (const json& id : *it) {
      if (!id.is_number_integer()) fail(key, "must be an integer, a list of integers or null");
      ids.push_back(id.get<int64_t>());
    }
    return ids;
  }

 private:
  const json& root_;
  const std::string& source_;
};

// rope_scaling: null, or linear position interpolation. Other schemes
// (dynamic NTK, YaRN, llama3, longrope) change the frequencies and are refused.
double parse_rope_scaling(const Keys& keys) {
  const json* scaling = keys.find("rope_scaling");
  if (!scaling) return 1.0;
  if (!scaling->is_object()) keys.fail("rope_scaling", "must be null or an object");
  auto type = scaling->find("rope_type");
  if (type == scaling->end()) type = scaling->find("type");
  if (type == scaling->end() || !type->is_string())
    keys.fail("rope_scaling", "has no \"type\" (or \"rope_type\") string");
  const std::string name = type->get<std::string>();
  if (name != "linear")
    keys.fail("rope_scaling", "type \"" + name + "\" is not supported (supported: linear, or null for none)");
  auto factor = scaling->find("factor");
  if (factor == scaling->end() || !factor->is_number())
    keys.fail("rope_scaling", "of type linear needs a numeric \"factor\"");
  if (!(factor->get<double>() >= 1.0)) keys.fail("rope_scaling", "\"factor\" must be at least 1");
  return factor->get<double>();
}

}  // namespace

bool LlamaConfig::is_eos(int64_t id) const {
  return std::find(eos_token_ids.begin(), eos_token_ids.end(), id) != eos_token_ids.end();
}

LlamaConfig LlamaConfig::from_json_text(const std::string& text, const std::string& source) {
  json root = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded()) throw Error(source + ": not valid JSON");
  if (!root.is_object()) throw Error(source + ": expected a JSON object");

  auto type = root.find("model_type");
  if (type == root.end() || !type->is_string()) throw Error(source + ": no \"model_type\" (expected \"llama\")");
  if (*type != "llama")
    throw Error(source + ": model_type \"" + type->get<std::string>() +
                "\" is not a Llama model (expected \"llama\")");

  const Keys keys(root, source);
  auto act = root.find("hidden_act");
  if (act != root.end() && (!act->is_string() || *act != "silu"))
    keys.fail("hidden_act", "must be \"silu\" (the activation of Llama's SwiGLU feed-forward)");
  // Biases would need tensors this engine does not load; refuse rather than ignore them.
  if (keys.boolean("attention_bias", false))
    keys.fail("attention_bias", "is true: biases on the attention projections are not supported");
  if (keys.boolean("mlp_bias", false)) keys.fail("mlp_bias", "is true: biases on the MLP projections are not supported");

  LlamaConfig c;
  c.vocab_size = keys.integer("vocab_size", c.vocab_size);
  c.hidden_size = keys.integer("hidden_size", c.hidden_size);
  c.intermediate_size = keys.integer("intermediate_size", c.intermediate_size);
  c.num_hidden_layers = keys.integer("num_hidden_layers", c.num_hidden_layers);
  c.num_attention_heads = keys.integer("num_attention_heads", c.num_attention_heads);
  c.num_key_value_heads = keys.integer("num_key_value_heads", c.num_attention_heads);
  if (c.num_attention_heads > 0 && !keys.find("head_dim") && c.hidden_size % c.num_attention_heads != 0)
    keys.fail("hidden_size", "(" + std::to_string(c.hidden_size) + ") must be divisible by \"num_attention_heads\" (" +
                                 std::to_string(c.num_attention_heads) + ") when \"head_dim\" is not given");
  c.head_dim = keys.integer("head_dim", c.num_attention_heads > 0 ? c.hidden_size / c.num_attention_heads : 0);
  c.max_position_embeddings = keys.integer("max_position_embeddings", c.max_position_embeddings);
  c.rms_norm_eps = keys.number("rms_norm_eps", c.rms_norm_eps);
  c.rope_theta = keys.number("rope_theta", c.rope_theta);
  c.rope_linear_factor = parse_rope_scaling(keys);
  c.attention_dropout = keys.number("attention_dropout", c.attention_dropout);
  c.initializer_range = keys.number("initializer_range", c.initializer_range);
  c.tie_word_embeddings = keys.boolean("tie_word_embeddings", false);
  c.bos_token_id = keys.token("bos_token_id", c.bos_token_id);
  c.eos_token_ids = keys.tokens("eos_token_id", c.eos_token_ids);
  c.pad_token_id = keys.token("pad_token_id", std::nullopt);
  c.validate(source);
  return c;
}

LlamaConfig LlamaConfig::from_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot open the model config");
  return from_json_text(io::read_bounded(in, path, "model config"), path);
}

void LlamaConfig::validate(const std::string& source) const {
  auto require = [&](bool ok, const std::string& key, const std::string& what) {
    if (!ok) throw Error(source + ": \"" + key + "\" " + what);
  };
  constexpr int64_t kMaxDim = 1 << 20;
  auto positive = [&](int64_t value, const char* key, int64_t most) {
    require(value > 0 && value <= most, key, "must be in [1, " + std::to_string(most) + "], not " + std::to_string(value));
  };
  positive(vocab_size, "vocab_size", 1 << 24);
  positive(hidden_size, "hidden_size", kMaxDim);
  positive(intermediate_size, "intermediate_size", kMaxDim);
  positive(num_hidden_layers, "num_hidden_layers", 1024);
  positive(num_attention_heads, "num_attention_heads", 1024);
  positive(num_key_value_heads, "num_key_value_heads", 1024);
  positive(head_dim, "head_dim", 1 << 16);
  positive(max_position_embeddings, "max_position_embeddings", 1 << 30);
  require(num_attention_heads % num_key_value_heads == 0, "num_key_value_heads",
          "(" + std::to_string(num_key_value_heads) + ") must divide \"num_attention_heads\" (" +
              std::to_string(num_attention_heads) + ")");
  require(head_dim % 2 == 0, "head_dim", "must be even (RoPE rotates the two halves of each head)");
  require(rms_norm_eps > 0 && rms_norm_eps < 1, "rms_norm_eps", "must be in (0, 1)");
  require(rope_theta > 0, "rope_theta", "must be positive");
  require(rope_linear_factor >= 1, "rope_scaling", "\"factor\" must be at least 1");
  require(attention_dropout >= 0 && attention_dropout < 1, "attention_dropout", "must be in [0, 1)");
  require(initializer_range >= 0, "initializer_range", "must not be negative");
  auto token_ok = [&](int64_t id) { return id >= 0 && id < vocab_size; };
  require(!bos_token_id || token_ok(*bos_token_id), "bos_token_id", "is outside the vocabulary");
  for (int64_t id : eos_token_ids) require(token_ok(id), "eos_token_id", "is outside the vocabulary");
  require(!pad_token_id || token_ok(*pad_token_id), "pad_token_id", "is outside the vocabulary");
}

std::string LlamaConfig::to_json_text() const {
  auto optional_id = [](const std::optional<int64_t>& id) { return id ? json(*id) : json(nullptr); };
  json eos = eos_token_ids.empty()       ? json(nullptr)
             : eos_token_ids.size() == 1 ? json(eos_token_ids.front())
                                         : json(eos_token_ids);
  // transformers v4.36 wants exactly {"type", "factor"} with a float factor > 1.
  json scaling = rope_linear_factor == 1.0 ? json(nullptr) : json{{"type", "linear"}, {"factor", rope_linear_factor}};
  json root = {
      {"architectures", {"LlamaForCausalLM"}},
      {"model_type", "llama"},
      {"vocab_size", vocab_size},
      {"hidden_size", hidden_size},
      {"intermediate_size", intermediate_size},
      {"num_hidden_layers", num_hidden_layers},
      {"num_attention_heads", num_attention_heads},
      {"num_key_value_heads", num_key_value_heads},
      {"head_dim", head_dim},
      {"hidden_act", "silu"},
      {"max_position_embeddings", max_position_embeddings},
      {"rms_norm_eps", rms_norm_eps},
      {"rope_theta", rope_theta},
      {"rope_scaling", scaling},
      {"attention_bias", false},
      {"mlp_bias", false},
      {"attention_dropout", attention_dropout},
      {"initializer_range", initializer_range},
      {"pretraining_tp", 1},
      {"tie_word_embeddings", tie_word_embeddings},
      {"bos_token_id", optional_id(bos_token_id)},
      {"eos_token_id", eos},
      {"pad_token_id", optional_id(pad_token_id)},
      {"use_cache", true},
      {"torch_dtype", "float32"},
  };
  return root.dump(2) + "\n";
}

}  // namespace l2s
