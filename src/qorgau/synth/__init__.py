"""Synthetic complaints and police reports with known ground truth, for tests and benchmarks."""

from qorgau.synth.generator import generate

__all__ = ["generate"]
