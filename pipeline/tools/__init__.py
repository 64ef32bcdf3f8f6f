"""Tools that work on outputs: QA report, Akoma Ntoso, edition diffs, alignment, fetch."""
