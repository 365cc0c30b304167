"""Batch evaluation: many profiles from a file, every row accounted for."""
