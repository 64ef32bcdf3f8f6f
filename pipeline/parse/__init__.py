"""The parsing stages: layout clean-up, front matter, blocks, structure, enrichment, audit."""
