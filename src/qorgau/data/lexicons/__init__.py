"""Lexicons per fact family."""
