"""Every mutation and every personal field against every role, as `matrix.yaml` expects:
through the gateway, and through each subgraph's `_entities` entry, which must be no way around
the rules.

A cell that does not hold is reported with all others that do not, so one run shows every
discrepancy.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Iterable
from typing import Any

import graphql
from testbed.platform import GraphQLClient, GraphQLErrors

from .matrix import ALLOWED, DENIALS, FieldRow, PersonalType, load, supergraph
from .operations import OPERATIONS, Case, Operation
from .world import PERSONS, ROLES, World, gather

HIDDEN_CODES = DENIALS | {"NOT_FOUND"}
TRANSIENT = {"SUBGRAPH_UNAVAILABLE", "INTERNAL_SERVER_ERROR"}
"""What a read may answer instead of the value: refused, or not shown to exist at all."""


def code_of(body: dict[str, Any]) -> str | None:
    errors = body.get("errors")
    if not errors:
        return None
    code = (errors[0].get("extensions") or {}).get("code")
    return str(code) if code else f"no code: {errors[0].get('message')}"


# --- the file covers the schema -------------------------------------------------------------


def test_the_matrix_has_a_row_for_every_mutation() -> None:
    mutation = supergraph().schema.mutation_type
    assert mutation is not None
    in_schema, in_file = set(mutation.fields), set(load().mutations)
    assert in_schema - in_file == set(), "mutations without a row in matrix.yaml"
    assert in_file - in_schema == set(), "rows of matrix.yaml for mutations that do not exist"
    assert set(OPERATIONS) == in_schema, "every mutation needs a case in operations.py"


def test_every_object_type_is_classified_and_every_personal_field_has_a_row() -> None:
    matrix, types = load(), supergraph().object_types()
    sections = [set(matrix.personal), set(matrix.public), set(matrix.nested)]
    classified = set().union(*sections)
    assert sum(map(len, sections)) == len(classified), "a type is in more than one section"
    assert set(types) - classified == set(), "types matrix.yaml does not classify"
    assert classified - set(types) == set(), "types of matrix.yaml that do not exist"
    for name, personal in matrix.personal.items():
        rows = {row.field for row in personal.rows}
        assert rows.isdisjoint(personal.public), name
        assert set(types[name].fields) - rows - set(personal.public) == set(), (
            f"fields of {name} neither personal rows nor public"
        )
        assert rows | set(personal.public) <= set(types[name].fields), name
    every_type = supergraph().schema.type_map
    for name, via in matrix.nested.items():
        owner, _, field = via.partition(".")
        reached = every_type.get(owner)
        assert isinstance(reached, graphql.GraphQLObjectType), f"{name}: {via} is unknown"
        assert field in reached.fields, f"{name} is reached through {via}, which is unknown"


# --- reads ----------------------------------------------------------------------------------


def _empty(value: object) -> bool:
    """Nothing shown: null, or only nulls inside (`seats { member { id } }`)."""
    if isinstance(value, list):
        return all(map(_empty, value))
    if isinstance(value, dict):
        return all(map(_empty, value.values()))
    return value is None


def judge(row: FieldRow, role: str, path: str, code: str | None, value: object) -> str | None:
    """What is wrong with one read cell, if anything."""
    expected = row.cells[role]
    where = f"{row.type}.{row.selection} / {role} / {path}"
    if expected in ALLOWED:
        if code is not None and (code in HIDDEN_CODES or not row.optional):
            return f"{where}: expected {expected}, refused with {code}"
        if _empty(value) and not row.optional:
            return f"{where}: expected {expected}, got nothing ({json.dumps(value)})"
        return None
    if code is not None:
        return None if code in HIDDEN_CODES else f"{where}: expected deny, got error {code}"
    if not _empty(value):
        return f"{where}: expected deny, got {json.dumps(value)[:120]}"
    return None


async def read(
    world: World, personal: PersonalType, rows: list[FieldRow], role: str, subgraph: str | None
) -> list[str | None]:
    """Read `rows` (of one subject) as `role`, in one request unless one field's error hides
    the others (a non-null field nulls its parent): then each field alone."""
    subject = world.subject_id(rows[0].subject)
    maker = uuid.UUID(world.subject_id(personal.maker)) if role == "maker" else None
    selection = " ".join(f"f{i}: {row.selection}" for i, row in enumerate(rows))
    if subgraph is None:
        own = personal.reach_as_subject and subject == str(PERSONS.get(role))
        reach = personal.reach_as_subject if own else personal.reach
        query = f"query($id: ID!) {{ subject: {reach} {{ {selection} }} }}"
        client, variables, path = world.as_(role, maker=maker), {"id": subject}, "gateway"
        declared = "$id" in reach
    else:
        query = (
            "query($r: [_Any!]!) { subject: _entities(representations: $r) "
            f"{{ ... on {personal.name} {{ {selection} }} }} }}"
        )
        representation = {"__typename": personal.name, personal.key: subject}
        client = world.as_(role, world.platform.subgraph_urls[subgraph], maker)
        variables, path, declared = {"r": [representation]}, f"{subgraph} _entities", True
    if not declared:
        query = query.replace("query($id: ID!)", "query")
        variables = {}
    body = await patiently(client, query, variables)
    errors = body.get("errors") or []
    depth = 1 if subgraph is None else 2
    found = (body.get("data") or {}).get("subject")
    if subgraph is not None:
        found = (found or [None])[0]
    if found is None and len(rows) > 1 and any(len(e.get("path") or ()) > depth for e in errors):
        alone = [read(world, personal, [row], role, subgraph) for row in rows]
        return [problem for problems in await asyncio.gather(*alone) for problem in problems]
    problems = []
    for i, row in enumerate(rows):
        mine = [e for e in errors if len(e.get("path") or ()) <= depth or _at(e, depth, i)]
        code = code_of({"errors": mine})
        problems.append(judge(row, role, path, code, (found or {}).get(f"f{i}")))
    return problems


def _at(error: dict[str, Any], depth: int, index: int) -> bool:
    return bool(error["path"][depth] == f"f{index}")


async def patiently(client: GraphQLClient, query: str, variables: dict[str, Any]) -> Any:
    """A read, asked again when it met no answer but a timeout or a masked error: on a loaded
    machine the embedded platform's SQLite can be busy; an authorisation answer is stable."""
    for attempt in range(4):
        _, body = await client.raw(query, **variables)
        if code_of(body) not in TRANSIENT:
            break
        await asyncio.sleep(0.5 * (attempt + 1))
    return body


def by_subject(rows: Iterable[FieldRow]) -> list[list[FieldRow]]:
    groups: dict[str, list[FieldRow]] = {}
    for row in rows:
        groups.setdefault(row.subject, []).append(row)
    return list(groups.values())


def report(problems: list[str | None]) -> None:
    found = sorted(p for p in problems if p)
    assert not found, f"{len(found)} cells of matrix.yaml do not hold:\n" + "\n".join(found)


async def test_personal_fields_through_the_gateway(world: World) -> None:
    calls = [
        read(world, personal, rows, role, None)
        for personal in load().personal.values()
        for rows in by_subject(personal.rows)
        for role in ROLES
    ]
    report([problem for problems in await gather(calls) for problem in problems])


async def test_personal_fields_through_each_subgraphs_entities(world: World) -> None:
    matrix, schema = load(), supergraph()
    calls = []
    for personal in matrix.personal.values():
        for subgraph, key in schema.entity_subgraphs(personal.name).items():
            resolved = [
                row
                for row in personal.rows
                if subgraph in schema.field_subgraphs(personal.name, row.field)
            ]
            if key != personal.key or not resolved:
                continue
            calls.extend(
                read(world, personal, rows, role, subgraph)
                for rows in by_subject(resolved)
                for role in ROLES
            )
    assert calls, "no personal field is reachable through _entities"
    report([problem for problems in await gather(calls) for problem in problems])


def test_every_entity_with_personal_fields_is_read_through_entities() -> None:
    """A personal type that is an entity is read by the key the matrix names."""
    matrix, schema = load(), supergraph()
    for personal in matrix.personal.values():
        keys = set(schema.entity_subgraphs(personal.name).values())
        assert not keys or personal.key in keys, personal.name


# --- mutations ------------------------------------------------------------------------------


async def call(world: World, operation: Operation, role: str, case: Case) -> str:
    """`allow`, or the code the mutation was refused with."""
    client: GraphQLClient = world.as_(
        role, maker=case.maker if role == "maker" else None, fresh=operation.fresh_callers
    )
    if operation.before and role != "anonymous":
        document, variables = operation.before
        await client(document, **variables)
    _, body = await client.raw(operation.document, **case.variables)
    return code_of(body) or "allow"


async def check_mutation(world: World, name: str, cells: dict[str, str]) -> list[str]:
    operation, problems = OPERATIONS[name], []
    denied = [role for role, cell in cells.items() if cell not in ALLOWED]
    allowed = [role for role, cell in cells.items() if cell in ALLOWED]
    try:
        shared = await operation.arrange(world)  # refusals change nothing, so they may share
        runs = [(role, shared) for role in denied]
        runs += [(role, await operation.arrange(world)) for role in allowed]
    except GraphQLErrors as failed:
        return [f"{name}: the arrangement failed: {failed}"[:600]]
    outcomes = await gather(call(world, operation, role, case) for role, case in runs)
    for (role, _), outcome in zip(runs, outcomes, strict=True):
        expected = cells[role]
        if expected in ALLOWED:
            if outcome != "allow" and outcome not in operation.tolerated:
                problems.append(f"{name} / {role}: expected {expected}, refused with {outcome}")
        elif outcome != expected:
            problems.append(f"{name} / {role}: expected {expected}, got {outcome}")
    return problems


async def test_every_mutation_against_every_role(world: World) -> None:
    await world.stock("PUBLISHED", 30)
    await world.stock("STAFFED", 4)
    await world.stock("RUNNING", 4)
    problems = []
    for name, cells in load().mutations.items():  # one at a time: its cells run together
        problems += await check_mutation(world, name, cells)
    report(problems)


def test_the_supergraph_parses_with_its_join_directives() -> None:
    schema = supergraph()
    assert set(schema.graphs.values()) == {"people", "projects", "matching", "learning"}
    assert isinstance(schema.schema.type_map["Person"], graphql.GraphQLObjectType)
    assert set(schema.entity_subgraphs("Person")) == set(schema.graphs.values())
    assert schema.field_subgraphs("Person", "placements") == {"matching"}
