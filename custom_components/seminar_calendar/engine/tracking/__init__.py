"""Following a feed over time: what changed, which seminars count, history, months."""
