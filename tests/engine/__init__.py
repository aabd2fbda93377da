"""Tests of the feed engine, which runs without Home Assistant."""
