// The one source of the libraries that carry the precompiled headers (cobuy_pch, cobuy_test_pch).
