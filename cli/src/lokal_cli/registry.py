"""The services installed in this environment, found through the `lokal.services` entry point."""

from __future__ import annotations

from importlib.metadata import entry_points

from lokal_kit.service import ServiceEntry

# The order in which the embedded platform starts and seeds them: producers first.
ORDER = ("people", "projects", "matching", "learning")


def installed_services() -> dict[str, ServiceEntry]:
    found: dict[str, ServiceEntry] = {}
    for point in entry_points(group="lokal.services"):
        entry = point.load()
        if not isinstance(entry, ServiceEntry):
            raise TypeError(f"entry point {point.name} is not a ServiceEntry")
        found[entry.name] = entry
    return dict(
        sorted(
            found.items(),
            key=lambda item: (ORDER.index(item[0]) if item[0] in ORDER else 99, item[0]),
        )
    )


def service_entry(name: str) -> ServiceEntry:
    services = installed_services()
    if name not in services:
        known = ", ".join(services) or "none"
        raise KeyError(f"no service called {name!r} (installed: {known})")
    return services[name]
