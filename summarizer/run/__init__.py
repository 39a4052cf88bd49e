"""Who owns a run: Session (endpoint, client, limits, cache, usage), pipeline, batch, local."""
