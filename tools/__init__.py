"""Development tools behind scripts/: the dev stack, the feed generator, the benchmarks."""
