"""Planning: client operations normalised, then split into fetches over the subgraphs."""
