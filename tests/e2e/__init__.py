"""End-to-end tests: Home Assistant as a process, real HTTP, a real browser."""
