"""The integration events the people service announces, built from its domain objects.

They carry ids and facts, never names or contact data.
"""

from __future__ import annotations

from uuid import UUID

from lokal_contracts import common, people
from lokal_people.domain.persons import Person
from lokal_people.domain.pipeline import MakerApplication, MakerStage
from lokal_people.domain.profile import MakerProfile


def person_registered(person: Person) -> people.PersonRegistered:
    return people.PersonRegistered(
        person_id=person.id,
        roles=sorted(people.Role(r.value) for r in person.roles),
        municipality_ids=sorted(person.municipality_ids),
        version=person.version,
    )


def maker_selected(person: Person) -> people.MakerSelected:
    return people.MakerSelected(person_id=person.id, version=person.version, **_facts(person))


def profile_updated(person: Person, stage: MakerStage) -> people.ProfileUpdated:
    return people.ProfileUpdated(
        person_id=person.id,
        stage=people.Stage(stage.value),
        version=person.version,
        **_facts(person),
    )


def stage_changed(application: MakerApplication) -> people.ApplicationStageChanged:
    return people.ApplicationStageChanged(
        application_id=application.id,
        person_id=application.person_id,
        stage=people.Stage(application.stage.value),
        version=application.version,
    )


def person_erased(person_id: UUID, erasure_id: UUID, version: int) -> people.PersonErased:
    return people.PersonErased(person_id=person_id, erasure_id=erasure_id, version=version)


def _facts(person: Person) -> dict[str, object]:
    profile = person.profile
    if profile is None:
        raise ValueError(f"person {person.id} has no maker profile")
    return _profile_facts(profile)


def _profile_facts(profile: MakerProfile) -> dict[str, object]:
    availability = profile.availability
    return {
        "competences": [
            common.CompetenceLevel(competence_id=c.competence_id, level=c.level)
            for c in profile.competences
        ],
        "availability": common.Availability(
            earliest_start=availability.earliest_start,
            months=availability.months,
            workload=common.Workload(availability.workload.value),
        ),
        "regions": common.RegionWishes(
            states=list(profile.regions.states),
            ags_prefixes=list(profile.regions.ags_prefixes),
            willing_to_relocate=profile.regions.willing_to_relocate,
        ),
        "topics": [common.Topic(t.value) for t in profile.topics],
        "background": common.Background(profile.background.value),
        "experience_years": profile.experience_years,
    }
