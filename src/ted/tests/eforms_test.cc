// eForms mapper tests (being written).
