"""Funds raised for the territory's structures (mission 2 of a hub)."""
