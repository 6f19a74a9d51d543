"""Qorgau: case intelligence for stalking, coercion to marriage and internet fraud in Kazakhstan."""

__version__ = "0.1.0"
