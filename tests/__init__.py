"""Tests for the Seminar Calendar integration."""
