"""Structures (porteuses, employeuses), aidants, their affiliations, qualifications
and habilitations."""
