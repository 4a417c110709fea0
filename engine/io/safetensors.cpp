#include "engine/io/safetensors.h"

#include <algorithm>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>

#include "l2s/error.h"
#include "l2s/atomic_file.h"
#include "engine/io/mapped_file.h"

namespace l2s::io {
namespace {

using nlohmann::json;

constexpr std::size_t kLengthFieldBytes = 8;
// The reference implementation refuses larger headers; so do we, which also
// bounds what a hostile file can make the JSON parser allocate.
constexpr uint64_t kMaxHeaderBytes = 100'000'000;
// {name: {"shape": [...]}} is as deep as a valid header goes.
constexpr int kMaxHeaderDepth = 2;
constexpr const char* kMetadataKey = "__metadata__";

struct DTypeTraits {
  DType dtype;
  const char* name;
  std::size_t size;
};

constexpr DTypeTraits kDTypes[] = {
    {DType::F32, "F32", 4}, {DType::F16, "F16", 2}, {DType::BF16, "BF16", 2}, {DType::F64, "F64", 8},
    {DType::I64, "I64", 8}, {DType::I32, "I32", 4}, {DType::I16, "I16", 2},  {DType::I8, "I8", 1},
    {DType::U8, "U8", 1},   {DType::BOOL, "BOOL", 1},
};

const DTypeTraits& traits_of(DType dtype) {
  return *std::find_if(std::begin(kDTypes), std::end(kDTypes), [&](const DTypeTraits& t) { return t.dtype == dtype; });
}

std::optional<DType> dtype_named(const std::string& name) {
  for (const DTypeTraits& t : kDTypes) {
    if (name == t.name) return t.dtype;
  }
  return std::nullopt;
}

Error error_in(const std::string& path, const std::string& problem) { return Error(path + ": " + problem); }

std::string quoted(const std::string& name) { return "'" + name + "'"; }

// numel * element size, or nothing if a dimension is negative or the count
// does not fit (numel must also fit int64_t, as TensorInfo::numel() returns).
std::optional<uint64_t> byte_count(const std::vector<int64_t>& shape, DType dtype) {
  int64_t numel = 1;
  for (int64_t dim : shape) {
    if (dim < 0 || __builtin_mul_overflow(numel, dim, &numel)) return std::nullopt;
  }
  uint64_t bytes = 0;
  if (__builtin_mul_overflow(static_cast<uint64_t>(numel), dtype_size(dtype), &bytes)) return std::nullopt;
  return bytes;
}

uint64_t read_le64(const std::uint8_t* bytes) {
  uint64_t value = 0;
  for (int i = 7; i >= 0; --i) value = (value << 8) | bytes[i];
  return value;
}

void append_le64(std::string& out, uint64_t value) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}

// --- reading -----------------------------------------------------------------

uint64_t read_header_length(const MappedFile& file) {
  const std::string& path = file.path();
  if (file.size() < kLengthFieldBytes) {
    throw error_in(path, "file is " + std::to_string(file.size()) +
                             " bytes, too short for a safetensors header length");
  }
  const uint64_t length = read_le64(file.data());
  const uint64_t room = file.size() - kLengthFieldBytes;
  if (length == 0) throw error_in(path, "header length 0 leaves no room for the JSON header");
  if (length > kMaxHeaderBytes) {
    throw error_in(path, "header length " + std::to_string(length) + " exceeds the limit of " +
                             std::to_string(kMaxHeaderBytes) + " bytes");
  }
  if (length > room) {
    throw error_in(path, "header length " + std::to_string(length) + " exceeds the " + std::to_string(room) +
                             " bytes that follow it");
  }
  return length;
}

json parse_header(const std::string& path, const char* text, uint64_t length) {
  if (text[0] != '{') throw error_in(path, "header is not a JSON object: it does not start with '{'");
  const json::parser_callback_t limit_depth = [&](int depth, json::parse_event_t event, json&) {
    const bool opens = event == json::parse_event_t::object_start || event == json::parse_event_t::array_start;
    if (opens && depth > kMaxHeaderDepth) throw error_in(path, "header JSON is nested too deeply");
    return true;
  };
  try {
    return json::parse(text, text + length, limit_depth);
  } catch (const json::exception& e) {
    throw error_in(path, std::string("header is not valid JSON: ") + e.what());
  }
}

const json& field_of(const std::string& path, const std::string& name, const json& entry, const char* field) {
  const auto found = entry.find(field);
  if (found == entry.end()) throw error_in(path, "tensor " + quoted(name) + " has no \"" + field + "\"");
  return *found;
}

DType parse_dtype(const std::string& path, const std::string& name, const json& entry) {
  const json& field = field_of(path, name, entry, "dtype");
  if (!field.is_string()) throw error_in(path, "tensor " + quoted(name) + " has a \"dtype\" that is not a string");
  const auto dtype = dtype_named(field.get<std::string>());
  if (!dtype) throw error_in(path, "tensor " + quoted(name) + " has unknown dtype " + quoted(field.get<std::string>()));
  return *dtype;
}

// Unsigned integers that fit `max`; JSON negatives and fractions are refused.
std::optional<std::vector<uint64_t>> unsigned_integers(const json& field, uint64_t max) {
  if (!field.is_array()) return std::nullopt;
  std::vector<uint64_t> values;
  for (const json& item : field) {
    if (!item.is_number_unsigned() || item.get<uint64_t>() > max) return std::nullopt;
    values.push_back(item.get<uint64_t>());
  }
  return values;
}

std::vector<int64_t> parse_shape(const std::string& path, const std::string& name, const json& entry) {
  const auto dims = unsigned_integers(field_of(path, name, entry, "shape"), std::numeric_limits<int64_t>::max());
  if (!dims) {
    throw error_in(path, "tensor " + quoted(name) + " has a \"shape\" that is not an array of non-negative integers");
  }
  return {dims->begin(), dims->end()};
}

struct ByteRange {
  uint64_t begin;
  uint64_t end;
};

ByteRange parse_offsets(const std::string& path, const std::string& name, const json& entry) {
  const auto offsets = unsigned_integers(field_of(path, name, entry, "data_offsets"),
                                         std::numeric_limits<uint64_t>::max());
  if (!offsets || offsets->size() != 2) {
    throw error_in(path, "tensor " + quoted(name) + " has \"data_offsets\" that are not two non-negative integers");
  }
  return {(*offsets)[0], (*offsets)[1]};
}

std::string range_text(const ByteRange& range) {
  return "[" + std::to_string(range.begin) + ", " + std::to_string(range.end) + "]";
}

TensorInfo parse_tensor(const std::string& path, const std::string& name, const json& entry, uint64_t data_start,
                        uint64_t data_size) {
  if (!entry.is_object()) throw error_in(path, "tensor " + quoted(name) + " is not described by a JSON object");
  TensorInfo info;
  info.name = name;
  info.dtype = parse_dtype(path, name, entry);
  info.shape = parse_shape(path, name, entry);
  const ByteRange range = parse_offsets(path, name, entry);
  const std::string described = "tensor " + quoted(name) + " has data_offsets " + range_text(range);

  if (range.begin > range.end) throw error_in(path, described + " that end before they begin");
  const auto needed = byte_count(info.shape, info.dtype);
  if (!needed) {
    throw error_in(path, "tensor " + quoted(name) + " has shape " + shape_text(info.shape) +
                             " whose size overflows 64 bits");
  }
  if (*needed != range.end - range.begin) {
    throw error_in(path, described + " but shape " + shape_text(info.shape) + " of " + dtype_name(info.dtype) +
                             " needs " + std::to_string(*needed) + " bytes");
  }
  if (range.end > data_size) {
    throw error_in(path, described + " beyond the " + std::to_string(data_size) + "-byte data buffer");
  }
  info.offset = data_start + range.begin;
  info.nbytes = *needed;
  return info;
}

std::map<std::string, std::string> parse_metadata(const std::string& path, const json& field) {
  if (!field.is_object()) throw error_in(path, std::string(kMetadataKey) + " is not a JSON object");
  std::map<std::string, std::string> metadata;
  for (const auto& [key, value] : field.items()) {
    if (!value.is_string()) {
      throw error_in(path, std::string(kMetadataKey) + " value of " + quoted(key) + " is not a string");
    }
    metadata[key] = value.get<std::string>();
  }
  return metadata;
}

// Walks the tensors in file order: each must start where the previous ended,
// and the last must end at the end of the file, as the reference demands.
void check_data_coverage(const std::string& path, std::vector<const TensorInfo*> by_offset, uint64_t data_start,
                         uint64_t data_size) {
  std::sort(by_offset.begin(), by_offset.end(), [](const TensorInfo* a, const TensorInfo* b) {
    return std::make_pair(a->offset, a->nbytes) < std::make_pair(b->offset, b->nbytes);
  });
  const auto hole = [&](uint64_t from, uint64_t to) {
    return error_in(path, "bytes [" + std::to_string(from - data_start) + ", " + std::to_string(to - data_start) +
                              ") of the data buffer belong to no tensor");
  };
  uint64_t covered_to = data_start;
  const TensorInfo* previous = nullptr;
  for (const TensorInfo* info : by_offset) {
    if (info->offset < covered_to) {
      throw error_in(path, "tensors " + quoted(previous->name) + " and " + quoted(info->name) + " overlap");
    }
    if (info->offset > covered_to) throw hole(covered_to, info->offset);
    covered_to = info->offset + info->nbytes;
    previous = info;
  }
  if (covered_to != data_start + data_size) throw hole(covered_to, data_start + data_size);
}

// --- writing -----------------------------------------------------------------

std::vector<const TensorView*> sorted_by_name(const std::string& path, const std::vector<TensorView>& tensors) {
  std::vector<const TensorView*> sorted;
  for (const TensorView& view : tensors) sorted.push_back(&view);
  std::sort(sorted.begin(), sorted.end(), [](const TensorView* a, const TensorView* b) { return a->name < b->name; });
  const auto twin = std::adjacent_find(sorted.begin(), sorted.end(),
                                       [](const TensorView* a, const TensorView* b) { return a->name == b->name; });
  if (twin != sorted.end()) throw error_in(path, "tensor " + quoted((*twin)->name) + " is given twice");
  return sorted;
}

uint64_t checked_byte_count(const std::string& path, const TensorView& view) {
  if (view.name == kMetadataKey) throw error_in(path, std::string("the tensor name ") + kMetadataKey + " is reserved");
  const auto bytes = byte_count(view.shape, view.dtype);
  if (!bytes) throw error_in(path, "tensor " + quoted(view.name) + " has an invalid shape " + shape_text(view.shape));
  if (*bytes > 0 && view.data == nullptr) throw error_in(path, "tensor " + quoted(view.name) + " has no data");
  return *bytes;
}

// The JSON header padded with spaces so the data starts 8-byte aligned, as the
// official writer does: readers may then view the data in place.
std::string header_text(const std::string& path, const json& header) {
  std::string text;
  try {
    text = header.dump();
  } catch (const json::exception&) {
    throw error_in(path, "a tensor name or metadata string is not valid UTF-8");
  }
  text.append((kLengthFieldBytes - text.size() % kLengthFieldBytes) % kLengthFieldBytes, ' ');
  return text;
}

}  // namespace

std::string shape_text(const std::vector<int64_t>& shape) {
  std::string text = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) text += (i ? ", " : "") + std::to_string(shape[i]);
  return text + "]";
}

std::size_t dtype_size(DType dtype) { return traits_of(dtype).size; }

const char* dtype_name(DType dtype) { return traits_of(dtype).name; }

int64_t TensorInfo::numel() const {
  int64_t count = 1;
  for (int64_t dim : shape) count *= dim;  // fits: checked when the file was opened
  return count;
}

SafetensorsFile SafetensorsFile::open(const std::string& path) {
  SafetensorsFile file;
  file.path_ = path;
  file.mapping_ = std::make_shared<const MappedFile>(path);
  const MappedFile& mapping = *file.mapping_;

  const uint64_t header_length = read_header_length(mapping);
  const json header =
      parse_header(path, reinterpret_cast<const char*>(mapping.data()) + kLengthFieldBytes, header_length);
  const uint64_t data_start = kLengthFieldBytes + header_length;
  const uint64_t data_size = mapping.size() - data_start;

  for (const auto& [key, entry] : header.items()) {
    if (key == kMetadataKey) {
      file.metadata_ = parse_metadata(path, entry);
    } else {
      file.tensors_.push_back(parse_tensor(path, key, entry, data_start, data_size));
    }
  }
  std::vector<const TensorInfo*> infos;
  for (const TensorInfo& info : file.tensors_) infos.push_back(&info);
  check_data_coverage(path, infos, data_start, data_size);

  std::sort(file.tensors_.begin(), file.tensors_.end(),
            [](const TensorInfo& a, const TensorInfo& b) { return a.name < b.name; });
  return file;
}

const TensorInfo* SafetensorsFile::find(const std::string& name) const {
  const auto found = std::lower_bound(tensors_.begin(), tensors_.end(), name,
                                      [](const TensorInfo& info, const std::string& key) { return info.name < key; });
  return found != tensors_.end() && found->name == name ? &*found : nullptr;
}

const TensorInfo& SafetensorsFile::at(const std::string& name) const {
  const TensorInfo* info = find(name);
  if (info == nullptr) throw error_in(path_, "no tensor named " + quoted(name));
  return *info;
}

const void* SafetensorsFile::data(const TensorInfo& info) const { return mapping_->data() + info.offset; }

void write_safetensors(const std::string& path, const std::vector<TensorView>& tensors,
                       const std::map<std::string, std::string>& metadata) {
  const std::vector<const TensorView*> in_order = sorted_by_name(path, tensors);
  json header = json::object();
  std::vector<uint64_t> sizes;
  uint64_t offset = 0;
  for (const TensorView* view : in_order) {
    const uint64_t bytes = checked_byte_count(path, *view);
    header[view->name] = {{"dtype", dtype_name(view->dtype)},
                          {"shape", view->shape},
                          {"data_offsets", {offset, offset + bytes}}};
    sizes.push_back(bytes);
    offset += bytes;
  }
  if (!metadata.empty()) header[kMetadataKey] = metadata;

  const std::string text = header_text(path, header);
  std::string prefix;
  append_le64(prefix, text.size());
  prefix += text;
  write_file_atomically(path, [&](std::FILE* file) {
    std::fwrite(prefix.data(), 1, prefix.size(), file);
    for (std::size_t i = 0; i < in_order.size(); ++i) {
      if (sizes[i] > 0) std::fwrite(in_order[i]->data, 1, sizes[i], file);
    }
  });
}

}  // namespace l2s::io
