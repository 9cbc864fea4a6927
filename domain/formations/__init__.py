"""Trainings of aidants: training paths (parcours), their sessions, enrolment, attendance and
completion (mission 3, « mutualiser »)."""
