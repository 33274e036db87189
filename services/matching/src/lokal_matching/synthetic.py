"""Realistic synthetic instances for the benchmark and the solver tests.

Makers come from professional profiles (data, UX, procurement law, …) whose core
competences they mostly hold, plus a few from elsewhere; projects ask for the
core competences of one or two profiles. Seeded: the same seed, the same instance.
"""

from __future__ import annotations

import random
from datetime import date
from uuid import UUID

from lokal_matching.domain.model import Maker, Project, Requirement
from lokal_matching.domain.periods import add_months

PROFILES = 12
CORE = 10
TRANSVERSAL = 20
STATES = [f"{s:02d}" for s in range(1, 17)]
TOPICS = ("digitalisation", "process_modernisation", "climate", "integration", "other")
PAY_GROUPS = ("E9b", "E9c", "E10", "E11", "E12", "E13")
FIRST_START = date(2026, 1, 1)


def competence(profile: int, k: int) -> str:
    return f"c-{profile:02d}-{k:02d}"


def _transversal(rng: random.Random) -> str:
    return f"t-{rng.randrange(TRANSVERSAL):02d}"


def _ags(rng: random.Random) -> str:
    # few Kreise per Land, so that region wishes meet projects now and then
    return (
        f"{rng.choice(STATES)}{rng.randrange(4)}{rng.randrange(1, 6):02d}{rng.randrange(1, 40):03d}"
    )


def _id(rng: random.Random) -> UUID:
    return UUID(int=rng.getrandbits(128), version=4)


def synthetic_maker(rng: random.Random) -> Maker:
    profile = rng.randrange(PROFILES)
    count = rng.randint(5, 12)
    held: dict[str, int] = {}
    while len(held) < count:
        roll = rng.random()
        if roll < 0.65:
            name = competence(profile, rng.randrange(CORE))
        elif roll < 0.85:
            name = competence(rng.randrange(PROFILES), rng.randrange(CORE))
        else:
            name = _transversal(rng)
        held[name] = rng.choices((1, 2, 3, 4), weights=(2, 4, 3, 1))[0]
    wishes = [_ags(rng)[: rng.choice((2, 3, 5, 8))] for _ in range(rng.choice((0, 0, 1, 1, 2)))]
    return Maker(
        person_id=_id(rng),
        competences=held,
        earliest_start=add_months(FIRST_START, rng.randrange(12)),
        months=rng.randint(6, 12),
        states=tuple(sorted(set(rng.sample(STATES, rng.choice((0, 0, 1, 2)))))),
        ags_prefixes=tuple(wishes),
        willing_to_relocate=rng.random() < 0.3,
        topics=frozenset(rng.sample(TOPICS, rng.choice((0, 1, 1, 2)))),
        experience_years=rng.randint(0, 25),
    )


def synthetic_project(rng: random.Random) -> Project:
    profiles = rng.sample(range(PROFILES), rng.choice((1, 1, 2)))
    count = rng.randint(3, 8)
    names: list[str] = []
    while len(names) < count:
        if rng.random() < 0.85:
            name = competence(rng.choice(profiles), rng.randrange(CORE))
        else:
            name = _transversal(rng)
        if name not in names:
            names.append(name)
    musts = rng.choice((1, 1, 2))
    requirements = tuple(
        Requirement(name, rng.choice((1, 2, 2, 3)), must_have=k < musts)
        for k, name in enumerate(names)
    )
    return Project(
        project_id=_id(rng),
        municipality_id=_id(rng),
        ags=_ags(rng),
        topic=rng.choice(TOPICS),
        requirements=requirements,
        seats=tuple(rng.choice(PAY_GROUPS) for _ in range(rng.randint(2, 6))),
        planned_start=add_months(FIRST_START, rng.randrange(12)),
        duration_months=rng.randint(6, 12),
    )


def synthetic_instance(
    makers: int, projects: int, seed: int = 1
) -> tuple[list[Maker], list[Project]]:
    rng = random.Random(seed)  # noqa: S311 (reproducible test data, not secrets)
    return [synthetic_maker(rng) for _ in range(makers)], [
        synthetic_project(rng) for _ in range(projects)
    ]
