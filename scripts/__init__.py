"""Development tools: the demo feed and the Home Assistant stack of scripts/develop."""
