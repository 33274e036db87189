"""Well-known ids of the demo data, so that every service's seed refers to the same things.

Only ids live here, derived from a stable name: each service seeds the facts it owns.
"""

from __future__ import annotations

from uuid import UUID, uuid5

_NAMESPACE = UUID("6b3f2a8e-4c1d-5e0f-9a7b-2c8d4e6f1a3b")


def demo_id(kind: str, name: str) -> UUID:
    """`demo_id("municipality", "eschwege")`, the same in every service and every run."""
    return uuid5(_NAMESPACE, f"{kind}:{name}")


# Kommunen of the demo, with their real Amtlicher Gemeindeschlüssel.
MUNICIPALITIES = {
    "eschwege": "06636003",
    "goerlitz": "14626110",
    "hof": "09464000",
    "cottbus": "12052000",
    "flensburg": "01001000",
    "halle": "15002000",
}
