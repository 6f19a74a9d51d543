"""Fact extractors, one module per fact family; :mod:`qorgau.extract.pipeline` runs them in order."""
