"""Reading a feed: bytes to text, content lines, components, values, time zones, VEVENTs."""
