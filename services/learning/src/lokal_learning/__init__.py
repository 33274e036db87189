"""The learning service: the Begleitprogramm of the Lokalprojekte platform."""
