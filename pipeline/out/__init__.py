"""Outputs: the declared schema and what is derived from it, validation, tables and writers."""
