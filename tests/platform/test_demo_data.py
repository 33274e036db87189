"""The demo data of the services fit together."""

from __future__ import annotations

from lokal_people.catalogue import default_competences
from lokal_projects.demo_data import PROJECTS


def test_every_competence_a_demo_project_requires_is_in_the_default_catalogue() -> None:
    catalogue = {competence.id for competence in default_competences()}
    required = {r.competence_id for project in PROJECTS for r in project.requirements}
    assert required
    assert required <= catalogue, sorted(required - catalogue)
