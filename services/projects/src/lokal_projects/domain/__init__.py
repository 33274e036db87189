"""The projects domain: plain Python, no framework."""
