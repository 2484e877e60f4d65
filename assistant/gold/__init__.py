"""The gold questions of the evaluation (package data)."""
