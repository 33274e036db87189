"""Structured JSON logs (structlog) with request id, trace id and operation, for every process.

Log lines carry ids, never personal data: the access log names no client
address, and fields whose names suggest personal data or secrets are redacted
wherever they come from.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

import structlog
from opentelemetry import trace

REDACTED = "[redacted]"
SENSITIVE_FIELDS = frozenset(
    {
        "address",
        "authorization",
        "client",
        "client_addr",
        "cookie",
        "email",
        "family_name",
        "given_name",
        "name",
        "password",
        "phone",
        "remote_addr",
        "secret",
        "token",
        "variables",
    }
)


def _add_trace(_: Any, __: str, event: dict[str, Any]) -> dict[str, Any]:
    context = trace.get_current_span().get_span_context()
    if context.is_valid:
        event.setdefault("trace_id", format(context.trace_id, "032x"))
        event.setdefault("span_id", format(context.span_id, "016x"))
    return event


def _redact(_: Any, __: str, event: dict[str, Any]) -> dict[str, Any]:
    for key in SENSITIVE_FIELDS.intersection(event):
        event[key] = REDACTED
    return event


def configure_logging(*, level: str = "INFO", json: bool = True, process: str = "") -> None:
    """One handler on the root logger; `process` (e.g. `projects-api`) goes into every line."""
    static: list[Any] = []
    if process:
        static.append(_Static(process=process))
    shared: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        *static,
        _add_trace,
        _redact,
    ]
    renderer: Any = (
        structlog.processors.JSONRenderer() if json else structlog.dev.ConsoleRenderer(colors=False)
    )
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=shared,
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                structlog.processors.format_exc_info,
                renderer,
            ],
        )
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # uvicorn's access log names the client's address; ours (lokal.access) does not
    for noisy in ("aiormq", "aio_pika", "uvicorn.access"):
        logging.getLogger(noisy).setLevel("WARNING")


class _Static:
    def __init__(self, **fields: str) -> None:
        self._fields = fields

    def __call__(self, _: Any, __: str, event: dict[str, Any]) -> dict[str, Any]:
        for key, value in self._fields.items():
            event.setdefault(key, value)
        return event
