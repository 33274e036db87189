"""The integration events of the projects service, built from its aggregates."""

from __future__ import annotations

from typing import Any

from lokal_contracts.common import CompetenceRequirement, Seat
from lokal_contracts.common import Topic as ContractTopic
from lokal_contracts.common import WorkMode as ContractWorkMode
from lokal_contracts.projects import (
    ProjectPublished,
    ProjectStaffed,
    ProjectState,
    ProjectUpdated,
)
from lokal_projects.domain.municipality import Municipality
from lokal_projects.domain.project import Project


def _facts(project: Project, municipality: Municipality) -> dict[str, Any]:
    details = project.details
    return {
        "version": project.version,
        "project_id": project.id,
        "municipality_id": municipality.id,
        "ags": municipality.ags.value,
        "topic": ContractTopic(details.topic.value),
        "requirements": [
            CompetenceRequirement(
                competence_id=r.competence_id, min_level=r.min_level, must_have=r.must_have
            )
            for r in details.requirements
        ],
        "seats": [Seat(pay_group=pay_group) for pay_group in details.seats],
        "planned_start": details.planned_start,
        "duration_months": details.duration_months,
        "work_mode": ContractWorkMode(details.work_mode.value),
        "mentor_id": details.mentor_id,
    }


def published(project: Project, municipality: Municipality) -> ProjectPublished:
    return ProjectPublished(**_facts(project, municipality))


def updated(project: Project, municipality: Municipality) -> ProjectUpdated:
    return ProjectUpdated(**_facts(project, municipality), state=ProjectState(project.status.value))


def staffed(project: Project) -> ProjectStaffed:
    return ProjectStaffed(
        version=project.version,
        project_id=project.id,
        member_ids=[m.person_id for m in project.active_members if m.person_id is not None],
    )
