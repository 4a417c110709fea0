#pragma once
/* The C ABI between the engine and the sentencepiece plugin (libl2s_spm.so).
 *
 * The plugin exports one symbol, l2s_spm_api(), which returns a table of
 * function pointers. Only C types cross the boundary and no C++ exception
 * does: the plugin carries its own protobuf, so nothing of its C++ world may
 * leak into the process that loaded it.
 *
 * Errors: functions returning `char*` return NULL on success, or an error
 * message on failure.
 * Ownership: every `char*` and array the plugin hands out (error messages,
 * encoded ids, decoded text) is the caller's and is freed with `release`.
 * `id_to_piece` is the exception: it lends a string owned by the model, valid
 * until `free_model`.
 */
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Bumped on any change to L2sSpmApi; the loader refuses any other version. */
#define L2S_SPM_ABI_VERSION 2u
#define L2S_SPM_ENTRY_POINT "l2s_spm_api"

typedef struct L2sSpmModel L2sSpmModel; /* a loaded model, opaque */

typedef struct L2sSpmApi {
  uint32_t abi_version; /* L2S_SPM_ABI_VERSION of the plugin */

  /* Loads a .model file into *model. */
  char* (*load)(const char* path, L2sSpmModel** model);
  void (*free_model)(L2sSpmModel* model);

  int32_t (*vocab_size)(const L2sSpmModel* model);
  /* NULL when id is out of range. */
  const char* (*id_to_piece)(const L2sSpmModel* model, int32_t id);
  /* 1 or 0; 0 when id is out of range. */
  int (*is_control)(const L2sSpmModel* model, int32_t id);
  int (*is_unknown)(const L2sSpmModel* model, int32_t id);
  int (*is_byte)(const L2sSpmModel* model, int32_t id);

  /* Text (UTF-8, text_size bytes) to ids; *ids holds *count ids. */
  char* (*encode)(const L2sSpmModel* model, const char* text, size_t text_size, int32_t** ids,
                  size_t* count);
  /* Ids to text; *text holds *text_size bytes plus a terminating NUL. */
  char* (*decode)(const L2sSpmModel* model, const int32_t* ids, size_t count, char** text,
                  size_t* text_size);

  /* Trains a model. keys[i]=values[i] are sentencepiece trainer flags
   * ("input", "model_prefix", "vocab_size", "minloglevel", ...). */
  char* (*train)(const char* const* keys, const char* const* values, size_t count);

  /* Frees memory the plugin handed out (see above); NULL is fine. */
  void (*release)(void* memory);

  /* The model's special ids (-1 when it has none): ids[0] unk, ids[1] bos,
   * ids[2] eos, ids[3] pad. */
  void (*special_ids)(const L2sSpmModel* model, int32_t ids[4]);
} L2sSpmApi;

typedef const L2sSpmApi* (*L2sSpmApiFunction)(void);

__attribute__((visibility("default"))) const L2sSpmApi* l2s_spm_api(void);

#ifdef __cplusplus
}
#endif
