"""Printing merged types as a supergraph SDL with the join spec v0.5, the file routers load."""

from __future__ import annotations

import json
import re

from graphql.language.block_string import print_block_string

from lokal_gateway.composition.joinspec import (
    HEADER,
    INACCESSIBLE_DIRECTIVE,
    INACCESSIBLE_LINK,
    TAG_DIRECTIVE,
    TAG_LINK,
)
from lokal_gateway.composition.model import MergedField, MergedType
from lokal_gateway.composition.subgraph import Subgraph

KIND_KEYWORD = {
    "object": "type",
    "interface": "interface",
    "union": "union",
    "enum": "enum",
    "input": "input",
    "scalar": "scalar",
}


def graph_enum_name(name: str) -> str:
    cleaned = re.sub(r"\W", "_", name)
    if cleaned[:1].isdigit():
        cleaned = "_" + cleaned
    if re.search(r"_\d+$", cleaned):
        cleaned += "_"
    return cleaned.upper()


def print_supergraph(merged: dict[str, MergedType], subgraphs: list[Subgraph]) -> str:
    by_name = {s.name: s for s in subgraphs}
    enum_names = {s.name: graph_enum_name(s.name) for s in subgraphs}
    uses_inaccessible = any(_uses(s, "inaccessible") for s in subgraphs)
    uses_tag = any(_uses(s, "tag") for s in subgraphs)
    roots = [
        f"  {operation}: {name}"
        for operation, name in (("query", "Query"), ("mutation", "Mutation"))
        if name in merged
    ]
    header = HEADER.format(
        extra_links=(INACCESSIBLE_LINK if uses_inaccessible else "")
        + (TAG_LINK if uses_tag else ""),
        roots="\n".join(roots),
        extra_directives=(INACCESSIBLE_DIRECTIVE if uses_inaccessible else "")
        + (TAG_DIRECTIVE if uses_tag else ""),
        graphs="\n".join(
            f'  {enum_names[s.name]} @join__graph(name: "{s.name}", url: {json.dumps(s.url)})'
            for s in subgraphs
        ),
    )
    blocks = [header]
    order = sorted(merged.values(), key=lambda t: (t.name not in ("Query", "Mutation"), t.name))
    for type_ in order:
        blocks.append(_print_type(type_, by_name, enum_names))
    return "\n".join(blocks)


def _uses(subgraph: Subgraph, directive: str) -> bool:
    for meta in subgraph.types.values():
        if getattr(meta, directive, None) or (directive == "tag" and meta.tags):
            return True
        if directive == "inaccessible" and meta.enum_values_inaccessible:
            return True
        for field_meta in meta.fields.values():
            if (directive == "tag" and field_meta.tags) or (
                directive == "inaccessible" and field_meta.inaccessible
            ):
                return True
    return False


def _description(text: str | None, indent: str) -> str:
    if not text:
        return ""
    block = print_block_string(text)
    return "\n".join(indent + line if line else line for line in block.split("\n")) + "\n"


def _print_type(type_: MergedType, by_name: dict[str, Subgraph], enums: dict[str, str]) -> str:
    lines = [_description(type_.description, "").rstrip("\n")] if type_.description else []
    head = f"{KIND_KEYWORD[type_.kind]} {type_.name}"
    if type_.kind in ("object", "interface") and type_.all_interfaces():
        head += " implements " + " & ".join(type_.all_interfaces())
    directives = _type_directives(type_, by_name, enums)
    if type_.kind == "union":
        lines.append(head)
        lines += [f"  {d}" for d in directives]
        members = type_.all_members()
        lines.append(f"  = {' | '.join(members)}" if members else "")
        return "\n".join(lines) + "\n"
    if type_.kind == "scalar":
        lines.append(head)
        lines += [f"  {d}" for d in directives]
        return "\n".join(lines) + "\n"
    lines.append(head)
    lines += [f"  {d}" for d in directives]
    lines.append("{")
    body: list[str] = []
    if type_.kind == "enum":
        for value in type_.values.values():
            entry = _description(value.description, "  ")
            entry += f"  {value.name}"
            entry += "".join(f" @join__enumValue(graph: {enums[g]})" for g in value.graphs)
            entry += _deprecated(value.deprecation)
            if _enum_value_inaccessible(type_.name, value.name, by_name):
                entry += " @inaccessible"
            body.append(entry)
    else:
        for merged_field in type_.fields.values():
            body.append(_print_field(type_, merged_field, by_name, enums))
    lines.append("\n\n".join(body) if any("\n" in b.strip("\n") for b in body) else "\n".join(body))
    lines.append("}")
    return "\n".join(lines) + "\n"


def _enum_value_inaccessible(type_name: str, value: str, by_name: dict[str, Subgraph]) -> bool:
    return any(
        value in s.meta(type_name).enum_values_inaccessible
        for s in by_name.values()
        if type_name in s.types
    )


def _deprecated(reason: str | None) -> str:
    if reason is None:
        return ""
    if reason == "No longer supported":
        return " @deprecated"
    return f" @deprecated(reason: {json.dumps(reason)})"


def _type_directives(
    type_: MergedType, by_name: dict[str, Subgraph], enums: dict[str, str]
) -> list[str]:
    directives = []
    for graph in type_.graphs:
        meta = by_name[graph].meta(type_.name)
        if type_.kind in ("object", "interface") and meta.keys:
            for key in meta.keys:
                args = [f"graph: {enums[graph]}", f"key: {json.dumps(key.fields)}"]
                if meta.extension:
                    args.append("extension: true")
                if not key.resolvable:
                    args.append("resolvable: false")
                directives.append(f"@join__type({', '.join(args)})")
        else:
            directives.append(f"@join__type(graph: {enums[graph]})")
    for graph, names in type_.interfaces.items():
        directives += [f'@join__implements(graph: {enums[graph]}, interface: "{n}")' for n in names]
    for graph, names in type_.members.items():
        directives += [f'@join__unionMember(graph: {enums[graph]}, member: "{n}")' for n in names]
    if any(by_name[g].meta(type_.name).inaccessible for g in type_.graphs):
        directives.append("@inaccessible")
    tags = dict.fromkeys(t for g in type_.graphs for t in by_name[g].meta(type_.name).tags)
    directives += [f"@tag(name: {json.dumps(t)})" for t in tags]
    return directives


def _print_field(
    type_: MergedType,
    merged_field: MergedField,
    by_name: dict[str, Subgraph],
    enums: dict[str, str],
) -> str:
    out = _description(merged_field.description, "  ")
    if type_.kind == "input":
        argument = merged_field.arguments[""]
        out += f"  {merged_field.name}: {merged_field.type}"
        if argument.default is not None:
            out += f" = {argument.default}"
        if len(merged_field.graphs) < len(type_.graphs):
            out += "".join(f" @join__field(graph: {enums[g]})" for g in merged_field.graphs)
        return out
    out += f"  {merged_field.name}"
    if merged_field.arguments:
        args = []
        for argument in merged_field.arguments.values():
            text = f"{argument.name}: {argument.type}"
            if argument.default is not None:
                text += f" = {argument.default}"
            if argument.description:
                text = _description(argument.description, "    ") + "    " + text
                args.append(text)
            else:
                args.append(text)
        if any("\n" in a for a in args):
            out += "(\n" + "\n".join(a if a.startswith(" ") else "    " + a for a in args) + "\n  )"
        else:
            out += f"({', '.join(args)})"
    out += f": {merged_field.type}"
    out += "".join(_join_fields(type_, merged_field, enums))
    out += _deprecated(merged_field.deprecation)
    metas = merged_field.graphs.values()
    if any(m.inaccessible for m in metas):
        out += " @inaccessible"
    tags = dict.fromkeys(t for m in metas for t in m.tags)
    out += "".join(f" @tag(name: {json.dumps(t)})" for t in tags)
    return out


def _join_fields(type_: MergedType, merged_field: MergedField, enums: dict[str, str]) -> list[str]:
    graphs = merged_field.graphs
    overridden = {m.override for m in graphs.values() if m.override}
    plain = (
        len(graphs) == len(type_.graphs)
        and not overridden
        and all(
            not (m.external or m.requires or m.provides)
            and merged_field.graph_types.get(g) == merged_field.type
            for g, m in graphs.items()
        )
    )
    if plain:
        return []
    directives = []
    for graph, meta in graphs.items():
        if graph in overridden:
            continue
        args = [f"graph: {enums[graph]}"]
        if meta.requires:
            args.append(f"requires: {json.dumps(meta.requires)}")
        if meta.provides:
            args.append(f"provides: {json.dumps(meta.provides)}")
        graph_type = merged_field.graph_types.get(graph, merged_field.type)
        if graph_type != merged_field.type:
            args.append(f"type: {json.dumps(graph_type)}")
        if meta.external:
            args.append("external: true")
        if meta.override:
            args.append(f"override: {json.dumps(meta.override)}")
            if meta.override_label:
                args.append(f"overrideLabel: {json.dumps(meta.override_label)}")
        directives.append(f" @join__field({', '.join(args)})")
    return directives
