"""Who sees what of a person: the rule every read path, `_entities` included, applies."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import uuid4

from lokal_kit.auth import ANONYMOUS, Principal
from lokal_kit.auth.principal import Role
from lokal_people.domain.persons import Person, PersonRole
from lokal_people.domain.placements import Placement
from lokal_people.domain.profile import Availability, Background, MakerProfile
from lokal_people.service.access import Access, access_to, needs_placements

NOW = datetime(2026, 11, 1, tzinfo=UTC)
KOMMUNE, OTHER_KOMMUNE = uuid4(), uuid4()


def a_maker() -> Person:
    profile = MakerProfile(Background.BUSINESS, 5, Availability(date(2027, 1, 1), 12))
    return Person(
        uuid4(), frozenset({PersonRole.MAKER}), "M", "m@example.org", NOW, profile=profile
    )


def placement(maker: Person, mentor_id: object, ended: bool = False) -> Placement:
    return Placement(
        uuid4(),
        maker.id,
        uuid4(),
        KOMMUNE,
        mentor_id,
        date(2027, 1, 1),
        date(2027, 12, 31),
        ended_on=date(2027, 6, 30) if ended else None,
    )


def principal(role: Role, *municipalities: object, person_id: object = None) -> Principal:
    return Principal(
        person_id=person_id or uuid4(),
        roles=frozenset({role}),
        municipality_ids=frozenset(municipalities),
    )


def test_the_person_and_the_programme_team_see_everything_anonymous_nothing() -> None:
    maker = a_maker()
    assert access_to(Principal(maker.id, frozenset({Role.MAKER})), maker, []) is Access.FULL
    assert access_to(principal(Role.PROGRAMME), maker, []) is Access.FULL
    assert access_to(ANONYMOUS, maker, []) is Access.NONE
    assert access_to(principal(Role.MAKER), maker, []) is Access.NONE


def test_a_placed_makers_mentor_and_kommune_see_the_work_view_while_placed() -> None:
    maker, mentor_id = a_maker(), uuid4()
    active = [placement(maker, mentor_id)]
    assert access_to(principal(Role.MENTOR, person_id=mentor_id), maker, active) is Access.WORK
    assert access_to(principal(Role.MUNICIPALITY, KOMMUNE), maker, active) is Access.WORK
    assert access_to(principal(Role.MUNICIPALITY, OTHER_KOMMUNE), maker, active) is Access.NONE
    assert access_to(principal(Role.MUNICIPALITY, KOMMUNE), maker, []) is Access.NONE
    ended = [placement(maker, mentor_id, ended=True)]
    assert access_to(principal(Role.MENTOR, person_id=mentor_id), maker, ended) is Access.NONE


def test_staff_see_colleagues_of_their_kommune_and_makers_their_mentor() -> None:
    mentor = Person(
        uuid4(),
        frozenset({PersonRole.MENTOR}),
        "P",
        "p@example.org",
        NOW,
        municipality_ids=frozenset({KOMMUNE}),
    )
    assert access_to(principal(Role.MUNICIPALITY, KOMMUNE), mentor, []) is Access.WORK
    assert access_to(principal(Role.MUNICIPALITY, OTHER_KOMMUNE), mentor, []) is Access.NONE
    maker = a_maker()
    theirs = [placement(maker, mentor.id)]
    as_maker = Principal(maker.id, frozenset({Role.MAKER}))
    assert access_to(as_maker, mentor, theirs) is Access.WORK
    assert access_to(principal(Role.MAKER), mentor, theirs) is Access.NONE


def test_placements_are_needed_only_where_they_can_change_the_answer() -> None:
    maker, mentor_id = a_maker(), uuid4()
    active = [placement(maker, mentor_id)]
    for decided in (Principal(maker.id, frozenset({Role.MAKER})), principal(Role.PROGRAMME)):
        assert not needs_placements(decided, maker.id)
        assert access_to(decided, maker, active) is access_to(decided, maker, [])
    assert not needs_placements(ANONYMOUS, maker.id)
    assert access_to(ANONYMOUS, maker, active) is Access.NONE
    for placed in (principal(Role.MENTOR, person_id=mentor_id), principal(Role.MAKER)):
        assert needs_placements(placed, maker.id)
