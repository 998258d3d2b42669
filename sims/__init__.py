"""Simulations of the security dilemma and alliance politics."""

__version__ = "0.1.0"
