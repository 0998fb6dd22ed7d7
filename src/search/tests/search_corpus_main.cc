// search_corpus CORPUS FOLDER: builds the index of one relevance corpus ("real", "generated"
// or "fixture") into FOLDER/CORPUS/index, once: the CTest fixture search_corpus_CORPUS runs
// it before the relevance tests of that corpus, which copy the index (relevance_corpus.h).
// An index newer than this binary and than its input files is kept (the build is
// deterministic: fixed seed, fixed clock).
#include <filesystem>
#include <fstream>
#include <iostream>

#include "relevance_corpus.h"

namespace fs = std::filesystem;
using namespace cobuy::search::testing;

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: search_corpus real|generated|fixture FOLDER\n";
    return 2;
  }
  const std::string corpus = argv[1], folder = argv[2];
  if (corpus != "real" && corpus != "generated" && corpus != "fixture") {
    std::cerr << "search_corpus: no corpus " << corpus << "\n";
    return 2;
  }
  const std::string done = CorpusDoneIn(folder, corpus), index = CorpusIndexIn(folder, corpus);
  try {
    if (fs::exists(done) && fs::exists(index)) {
      auto made = fs::last_write_time(done);
      bool fresh = fs::last_write_time("/proc/self/exe") < made;
      std::vector<std::string> inputs =
          corpus == "generated" ? std::vector<std::string>{} : CorpusFiles(corpus, folder);
      for (const auto& e : fs::recursive_directory_iterator(COBUY_SOURCE_DIR "/data/ref")) inputs.push_back(e.path());
      for (const auto& f : inputs) fresh = fresh && fs::last_write_time(f) < made;
      if (fresh) {
        std::cout << "the " << corpus << " corpus in " << index << " is up to date\n";
        return 0;
      }
    }
    auto built = BuildCorpusIndex(corpus);
    if (!built.ok()) {
      std::cerr << "search_corpus: " << built.status().ToString() << "\n";
      return 1;
    }
    fs::remove_all(fs::path(folder) / corpus);
    fs::create_directories(fs::path(folder) / corpus);
    fs::copy(*built, index, fs::copy_options::recursive);
    std::ofstream(done) << corpus << "\n";
    std::cout << "built the " << corpus << " corpus in " << index << "\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "search_corpus: " << e.what() << "\n";
    return 1;
  }
}
