"""One copy of each text rule: scripts and width folding, cue words, numbers, periods, metrics."""
