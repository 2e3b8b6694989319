"""Checkpoint: case management and decision support for deferred-prosecution schemes."""
