"""Diagnostics of a beneficiary's digital skills, scored on the versioned grid."""
