#include "engine/models/t5_config.h"

#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>

#include "l2s/error.h"
#include "engine/io/bounded_read.h"

namespace l2s {
namespace {

using nlohmann::json;

int64_t read_int(const json& config, const char* key, int64_t fallback, const std::string& source) {
  auto it = config.find(key);
  if (it == config.end() || it->is_null()) return fallback;
  if (!it->is_number_integer()) throw Error(source + ": \"" + key + "\" must be an integer");
  return it->get<int64_t>();
}

double read_double(const json& config, const char* key, double fallback, const std::string& source) {
  auto it = config.find(key);
  if (it == config.end() || it->is_null()) return fallback;
  if (!it->is_number()) throw Error(source + ": \"" + key + "\" must be a number");
  return it->get<double>();
}

Activation parse_activation(const std::string& name, const std::string& source) {
  if (name == "relu") return Activation::Relu;
  if (name == "gelu") return Activation::Gelu;  // exact (erf) GELU, as transformers' "gelu"
  if (name == "gelu_new" || name == "gelu_pytorch_tanh") return Activation::GeluTanh;
  if (name == "silu" || name == "swish") return Activation::Silu;
  throw Error(source + ": unsupported activation \"" + name +
              "\" (supported: relu, gelu, gelu_new, gelu_pytorch_tanh, silu)");
}

// transformers' T5Config: "gated-gelu" means gated with the tanh GELU;
// otherwise "[gated-]ACT".
void parse_feed_forward(const std::string& proj, T5Config& config, const std::string& source) {
  if (proj == "gated-gelu") {
    config.gated_ffn = true;
    config.activation = Activation::GeluTanh;
    return;
  }
  const std::string gated_prefix = "gated-";
  const bool gated = proj.compare(0, gated_prefix.size(), gated_prefix) == 0;
  const std::string act = gated ? proj.substr(gated_prefix.size()) : proj;
  if (act.empty() || act.find('-') != std::string::npos)
    throw Error(source + ": feed_forward_proj \"" + proj +
                "\" is not of the form ACT or gated-ACT (e.g. relu, gated-gelu)");
  config.gated_ffn = gated;
  config.activation = parse_activation(act, source);
}

}  // namespace

const char* activation_name(Activation activation) {
  switch (activation) {
    case Activation::Relu: return "relu";
    case Activation::Gelu: return "gelu";
    case Activation::GeluTanh: return "gelu_new";
    case Activation::Silu: return "silu";
  }
  return "?";
}

T5Config T5Config::from_json_text(const std::string& text, const std::string& source) {
  json root = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded()) throw Error(source + ": not valid JSON");
  if (!root.is_object()) throw Error(source + ": expected a JSON object");

  auto type = root.find("model_type");
  if (type == root.end() || !type->is_string())
    throw Error(source + ": no \"model_type\" (expected \"t5\")");
  if (*type != "t5")
    throw Error(source + ": unsupported model_type \"" + type->get<std::string>() +
                "\" (this engine runs T5 encoder-decoder models: model_type \"t5\")");
  if (root.value("is_encoder_decoder", true) == false)
    throw Error(source + ": is_encoder_decoder is false; only T5 encoder-decoder models are supported");

  T5Config c;
  c.vocab_size = read_int(root, "vocab_size", c.vocab_size, source);
  c.d_model = read_int(root, "d_model", c.d_model, source);
  c.d_kv = read_int(root, "d_kv", c.d_kv, source);
  c.d_ff = read_int(root, "d_ff", c.d_ff, source);
  c.num_layers = read_int(root, "num_layers", c.num_layers, source);
  c.num_decoder_layers = read_int(root, "num_decoder_layers", c.num_layers, source);
  c.num_heads = read_int(root, "num_heads", c.num_heads, source);
  c.relative_attention_num_buckets =
      read_int(root, "relative_attention_num_buckets", c.relative_attention_num_buckets, source);
  c.relative_attention_max_distance =
      read_int(root, "relative_attention_max_distance", c.relative_attention_max_distance, source);
  c.layer_norm_epsilon = read_double(root, "layer_norm_epsilon", c.layer_norm_epsilon, source);
  c.dropout_rate = read_double(root, "dropout_rate", c.dropout_rate, source);
  c.pad_token_id = read_int(root, "pad_token_id", c.pad_token_id, source);
  c.eos_token_id = read_int(root, "eos_token_id", c.eos_token_id, source);
  c.decoder_start_token_id = read_int(root, "decoder_start_token_id", c.pad_token_id, source);

  auto proj = root.find("feed_forward_proj");
  if (proj != root.end() && !proj->is_string())
    throw Error(source + ": \"feed_forward_proj\" must be a string");
  parse_feed_forward(proj == root.end() ? "relu" : proj->get<std::string>(), c, source);

  // transformers treats a missing tie_word_embeddings as true.
  auto tie = root.find("tie_word_embeddings");
  if (tie != root.end() && !tie->is_boolean())
    throw Error(source + ": \"tie_word_embeddings\" must be true or false");
  c.tie_word_embeddings = tie == root.end() ? true : tie->get<bool>();

  c.validate(source);
  return c;
}

T5Config T5Config::from_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot open the model config");
  return from_json_text(io::read_bounded(in, path, "model config"), path);
}

void T5Config::validate(const std::string& source) const {
  auto require = [&](bool ok, const std::string& what) {
    if (!ok) throw Error(source + ": " + what);
  };
  constexpr int64_t kMaxDim = 1 << 20;
  require(vocab_size > 0 && vocab_size <= (1 << 24), "vocab_size must be in [1, 16777216]");
  require(d_model > 0 && d_model <= kMaxDim, "d_model must be positive");
  require(d_kv > 0 && d_kv <= kMaxDim, "d_kv must be positive");
  require(d_ff > 0 && d_ff <= kMaxDim, "d_ff must be positive");
  require(num_heads > 0 && num_heads <= 1024, "num_heads must be in [1, 1024]");
  require(num_layers > 0 && num_layers <= 1024, "num_layers must be in [1, 1024]");
  require(num_decoder_layers > 0 && num_decoder_layers <= 1024,
          "num_decoder_layers must be in [1, 1024]");
  require(relative_attention_num_buckets >= 4 && relative_attention_num_buckets <= 4096,
          "relative_attention_num_buckets must be in [4, 4096]");
  require(relative_attention_max_distance > relative_attention_num_buckets / 2,
          "relative_attention_max_distance must exceed half the number of buckets");
  require(layer_norm_epsilon > 0 && layer_norm_epsilon < 1, "layer_norm_epsilon must be in (0, 1)");
  require(dropout_rate >= 0 && dropout_rate < 1, "dropout_rate must be in [0, 1)");
  auto token_ok = [&](int64_t id) { return id >= 0 && id < vocab_size; };
  require(token_ok(pad_token_id), "pad_token_id is outside the vocabulary");
  require(token_ok(eos_token_id), "eos_token_id is outside the vocabulary");
  require(token_ok(decoder_start_token_id), "decoder_start_token_id is outside the vocabulary");
}

std::string T5Config::to_json_text() const {
  const bool v1_1_gelu = gated_ffn && activation == Activation::GeluTanh;
  json root = {
      {"architectures", {"T5ForConditionalGeneration"}},
      {"model_type", "t5"},
      {"is_encoder_decoder", true},
      {"vocab_size", vocab_size},
      {"d_model", d_model},
      {"d_kv", d_kv},
      {"d_ff", d_ff},
      {"num_layers", num_layers},
      {"num_decoder_layers", num_decoder_layers},
      {"num_heads", num_heads},
      {"relative_attention_num_buckets", relative_attention_num_buckets},
      {"relative_attention_max_distance", relative_attention_max_distance},
      {"layer_norm_epsilon", layer_norm_epsilon},
      {"dropout_rate", dropout_rate},
      {"feed_forward_proj", v1_1_gelu ? std::string("gated-gelu")
                                      : std::string(gated_ffn ? "gated-" : "") + activation_name(activation)},
      {"tie_word_embeddings", tie_word_embeddings},
      {"pad_token_id", pad_token_id},
      {"eos_token_id", eos_token_id},
      {"decoder_start_token_id", decoder_start_token_id},
      {"torch_dtype", "float32"},
  };
  return root.dump(2) + "\n";
}

}  // namespace l2s
