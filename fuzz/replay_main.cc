// Replays fuzz inputs without libFuzzer: calls LLVMFuzzerTestOneInput once for every regular
// file in the folders given (not recursively; a missing folder is skipped, so a target with no
// crash kept yet needs no empty folder). Linked with one target's source in the normal debug
// build (g++ with ASan/UBSan), it is that target's CTest test: a sanitizer report or an
// abort() from the target's own checks fails it.
//
// Usage: fuzz_replay_<target> FOLDER...   (exit 0 when every input ran; 1 when a folder given
// is not a folder or a file cannot be read, or no input was found at all)
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  std::size_t inputs = 0;
  for (int a = 1; a < argc; ++a) {
    const fs::path dir = argv[a];
    std::error_code ec;
    if (!fs::exists(dir, ec)) continue;
    if (!fs::is_directory(dir, ec)) {
      std::fprintf(stderr, "replay: %s is not a folder\n", argv[a]);
      return 1;
    }
    std::vector<fs::path> files;
    for (const fs::directory_entry& e : fs::directory_iterator(dir)) {
      const std::string name = e.path().filename().string();
      if (e.is_regular_file() && !name.starts_with(".") && name != "README.md") files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());  // a stable order, so a failure replays the same way
    for (const fs::path& file : files) {
      std::ifstream in(file, std::ios::binary);
      std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      if (!in.good() && !in.eof()) {
        std::fprintf(stderr, "replay: cannot read %s\n", file.c_str());
        return 1;
      }
      // A copy of exactly `size` bytes, so that ASan sees a read past the input's end.
      std::vector<std::uint8_t> copy(bytes.begin(), bytes.end());
      LLVMFuzzerTestOneInput(copy.data(), copy.size());
      ++inputs;
    }
  }
  std::printf("replay: %zu inputs\n", inputs);
  if (inputs == 0) {
    std::fprintf(stderr, "replay: no input found\n");
    return 1;
  }
  return 0;
}
