"""The authenticated caller, as every service layer sees it."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from uuid import UUID

from lokal_kit.errors import Forbidden, Unauthenticated


class Role(StrEnum):
    PROGRAMME = "programme"
    MUNICIPALITY = "municipality"
    MENTOR = "mentor"
    MAKER = "maker"


@dataclass(frozen=True)
class Principal:
    person_id: UUID | None = None
    roles: frozenset[Role] = field(default_factory=frozenset)
    municipality_ids: frozenset[UUID] = field(default_factory=frozenset)

    @property
    def is_anonymous(self) -> bool:
        return self.person_id is None

    @property
    def is_programme(self) -> bool:
        return Role.PROGRAMME in self.roles

    def has(self, role: Role) -> bool:
        return role in self.roles

    def is_person(self, person_id: UUID) -> bool:
        return self.person_id is not None and self.person_id == person_id

    def works_for(self, municipality_id: UUID) -> bool:
        """Staff or Projektpat*in of this Kommune."""
        return municipality_id in self.municipality_ids and bool(
            self.roles & {Role.MUNICIPALITY, Role.MENTOR}
        )

    def require_authenticated(self) -> UUID:
        if self.person_id is None:
            raise Unauthenticated("sign in to do this")
        return self.person_id

    def require_programme(self) -> None:
        self.require_authenticated()
        if not self.is_programme:
            raise Forbidden("only the programme team may do this")


ANONYMOUS = Principal()
