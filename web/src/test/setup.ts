// Vitest setup, run before every test file.
import { configure } from '@testing-library/react';

// findBy* and waitFor wait up to 10 s, not Testing Library's 1 s: `make test` runs these tests
// beside the C++ and browser suites on 2 cores, where a page's first render once took longer
// (ContractPrices, "Unable to find role=region"). A bound on the harness, not a timing assertion.
configure({ asyncUtilTimeout: 10000 });
