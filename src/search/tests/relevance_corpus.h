// The corpora of the relevance golden file (relevance_test.cc), and where a test finds them:
// "real" (every dataset in ../shared/data/ocds/real), "generated" (cobuy gen, seed 2026, 3000
// releases) and "fixture" (search_fixture.jsonl), each ingested and indexed with a fixed clock.
//
// Building an index is the slow part (the real corpus is over 9 MB of published data), so under
// CTest each corpus is built once per run by `search_corpus` (a FIXTURES_SETUP test) into
// $COBUY_CORPUS_DIR/<corpus>, and each test process opens its own copy of it.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"

namespace cobuy::search::testing {

// The input files of `corpus`; "generated" writes its file into `dir` first.
std::vector<std::string> CorpusFiles(const std::string& corpus, const std::string& dir);

// Ingests `corpus` into a fresh copy of the reference database and indexes it; returns the
// path of the index (a folder).
Result<std::string> BuildCorpusIndex(const std::string& corpus);

// Where the index of `corpus` is kept under a corpus folder (see search_corpus_main.cc).
std::string CorpusIndexIn(const std::string& folder, const std::string& corpus);
// "done" beside the index: written last, so an index with it is whole.
std::string CorpusDoneIn(const std::string& folder, const std::string& corpus);

}  // namespace cobuy::search::testing
