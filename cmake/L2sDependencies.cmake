# Locates the Debian-packaged dependencies. Debian's libtorch-dev ships no
# TorchConfig.cmake, so libtorch is described here as an imported target.
find_package(Threads REQUIRED)
find_package(nlohmann_json 3 REQUIRED)
find_package(PkgConfig REQUIRED)

find_path(TORCH_INCLUDE_DIR ATen/ATen.h REQUIRED)
find_path(TORCH_API_INCLUDE_DIR torch/torch.h
          PATHS ${TORCH_INCLUDE_DIR}/torch/csrc/api/include REQUIRED)
find_library(TORCH_LIBRARY torch REQUIRED)
find_library(TORCH_CPU_LIBRARY torch_cpu REQUIRED)
find_library(C10_LIBRARY c10 REQUIRED)
# The c10d headers (data-parallel training) include Gloo's: libgloo-dev.
find_path(GLOO_INCLUDE_DIR gloo/algorithm.h REQUIRED)
add_library(l2s::torch INTERFACE IMPORTED)
target_include_directories(l2s::torch INTERFACE ${TORCH_INCLUDE_DIR} ${TORCH_API_INCLUDE_DIR})
target_link_libraries(l2s::torch INTERFACE ${TORCH_LIBRARY} ${TORCH_CPU_LIBRARY} ${C10_LIBRARY} Threads::Threads)

# sentencepiece is only ever linked into the isolated tokenizer plugin.
pkg_check_modules(SENTENCEPIECE REQUIRED IMPORTED_TARGET sentencepiece)
find_library(SENTENCEPIECE_TRAIN_LIBRARY sentencepiece_train REQUIRED)

if(L2S_BUILD_STUDIO OR L2S_BUILD_TESTS)
  find_package(Qt6 REQUIRED COMPONENTS Core Test)
endif()
if(L2S_BUILD_STUDIO)
  find_package(Qt6 REQUIRED COMPONENTS Widgets Charts)
endif()
