"""Events between services: outbox, relay, brokers, inbox-backed consumers."""
