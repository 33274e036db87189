"""The default competence catalogue (ESCO, see ATTRIBUTION.md) and the municipal project roles."""

from __future__ import annotations

import json
from importlib.resources import files

from lokal_people.domain.catalogue_import import parse_catalogue
from lokal_people.domain.competences import Competence, CompetenceRole, RoleCompetence


def default_competences() -> list[Competence]:
    return parse_catalogue(files(__name__).joinpath("esco-competences.csv").read_text("utf-8"))


def default_roles() -> list[CompetenceRole]:
    raw = json.loads(files(__name__).joinpath("roles.json").read_text("utf-8"))
    return [
        CompetenceRole(
            id=role["id"],
            label=role["label"],
            description=role["description"],
            competences=tuple(RoleCompetence(uri, level) for uri, level in role["competences"]),
        )
        for role in raw
    ]
