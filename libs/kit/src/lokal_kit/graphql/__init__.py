"""What every subgraph shares: federation schema defaults, errors, limits, pagination, context."""
