"""Shared index format and model adapters used by both ingest/ (writer) and qa/ (reader)."""
