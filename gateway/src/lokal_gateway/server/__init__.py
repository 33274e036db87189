"""The gateway over HTTP: GraphQL over HTTP, APQ, trusted documents, limits, CORS."""
