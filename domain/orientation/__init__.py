"""Orientation: which offer fits a person (rules R1–R8 of the referential), which places
provide it, and the tracked referral that follows whether the person got there."""
