// TED XML R2.0.9 mapper tests (being written).
