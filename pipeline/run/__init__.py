"""Running extractions: input discovery, the local runner, the cache and the Dask engine."""
