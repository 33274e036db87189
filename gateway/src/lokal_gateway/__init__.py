"""The federation gateway of the Lokalprojekte platform."""
