"""The article corpus and the trade data set, and their ingestion and retrieval."""
