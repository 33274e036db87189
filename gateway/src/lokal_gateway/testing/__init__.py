"""A miniature federated platform for the gateway's own tests and benchmark."""
