"""`Competence` (an entity of this subgraph) and the roles of municipal projects."""

from __future__ import annotations

import strawberry

from lokal_people.domain import competences as domain
from lokal_people.domain.competences import CompetenceType
from lokal_people.graphql import enums  # noqa: F401  (registers the GraphQL enums)
from lokal_people.graphql.context import PeopleInfo


@strawberry.federation.type(
    keys=["id"], description="A competence of the catalogue; the id is its ESCO URI."
)
class Competence:
    id: strawberry.ID
    label: str
    label_de: str | None = strawberry.field(description="German label, where known.")
    type: CompetenceType
    broader: list[str] = strawberry.field(description="URIs of the broader ESCO concepts.")
    alt_labels: list[str]
    description: str

    @classmethod
    def of(cls, competence: domain.Competence) -> Competence:
        return cls(
            id=strawberry.ID(competence.id),
            label=competence.label,
            label_de=competence.label_de,
            type=competence.type,
            broader=list(competence.broader),
            alt_labels=list(competence.alt_labels),
            description=competence.description,
        )

    @classmethod
    async def resolve_reference(cls, info: PeopleInfo, id: strawberry.ID) -> Competence | None:
        """Null for an id the catalogue does not hold."""
        found = await info.context.loaders.competences.load(str(id))
        return cls.of(found) if found else None


@strawberry.type
class RoleCompetence:
    competence_id: strawberry.Private[str]
    level: int = strawberry.field(description="The level the role takes, 1 to 4.")

    @strawberry.field
    async def competence(self, info: PeopleInfo) -> Competence:
        found = await info.context.loaders.competences.load(self.competence_id)
        assert found is not None, "roles only name catalogue competences"
        return Competence.of(found)


@strawberry.type(description="A role in a municipal project and the competences it takes.")
class CompetenceRole:
    id: strawberry.ID
    label: str
    description: str
    competences: list[RoleCompetence]

    @classmethod
    def of(cls, role: domain.CompetenceRole) -> CompetenceRole:
        return cls(
            id=strawberry.ID(role.id),
            label=role.label,
            description=role.description,
            competences=[
                RoleCompetence(competence_id=c.competence_id, level=c.level)
                for c in role.competences
            ],
        )
