"""The Begleitprogramm in plain Python: curricula, cohorts, sessions, enrolments, progress."""
