"""Series and occurrences: re-sent copies, recurring series and their overrides."""
