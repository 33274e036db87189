"""Test support for every service: real PostgreSQL and RabbitMQ, isolated per test session."""
