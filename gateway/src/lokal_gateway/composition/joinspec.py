"""The join spec v0.5 header of a supergraph, as federation routers expect it verbatim."""

# ruff: noqa: E501 -- the spec's directive definitions are single long lines

HEADER = """\
schema
  @link(url: "https://specs.apollo.dev/link/v1.0")
  @link(url: "https://specs.apollo.dev/join/v0.5", for: EXECUTION)
{extra_links}{{
{roots}
}}

directive @join__directive(graphs: [join__Graph!], name: String!, args: join__DirectiveArguments) repeatable on SCHEMA | OBJECT | INTERFACE | FIELD_DEFINITION

directive @join__enumValue(graph: join__Graph!) repeatable on ENUM_VALUE

directive @join__field(graph: join__Graph, requires: join__FieldSet, provides: join__FieldSet, type: String, external: Boolean, override: String, usedOverridden: Boolean, overrideLabel: String, contextArguments: [join__ContextArgument!]) repeatable on FIELD_DEFINITION | INPUT_FIELD_DEFINITION

directive @join__graph(name: String!, url: String!) on ENUM_VALUE

directive @join__implements(graph: join__Graph!, interface: String!) repeatable on OBJECT | INTERFACE

directive @join__type(graph: join__Graph!, key: join__FieldSet, extension: Boolean! = false, resolvable: Boolean! = true, isInterfaceObject: Boolean! = false) repeatable on OBJECT | INTERFACE | UNION | ENUM | INPUT_OBJECT | SCALAR

directive @join__unionMember(graph: join__Graph!, member: String!) repeatable on UNION

directive @link(url: String, as: String, for: link__Purpose, import: [link__Import]) repeatable on SCHEMA
{extra_directives}
input join__ContextArgument {{
  name: String!
  type: String!
  context: String!
  selection: join__FieldValue!
}}

scalar join__DirectiveArguments

scalar join__FieldSet

scalar join__FieldValue

enum join__Graph {{
{graphs}
}}

scalar link__Import

enum link__Purpose {{
  \"\"\"
  `SECURITY` features provide metadata necessary to securely resolve fields.
  \"\"\"
  SECURITY

  \"\"\"
  `EXECUTION` features provide metadata necessary for operation execution.
  \"\"\"
  EXECUTION
}}
"""

INACCESSIBLE_LINK = '  @link(url: "https://specs.apollo.dev/inaccessible/v0.2", for: SECURITY)\n'
TAG_LINK = '  @link(url: "https://specs.apollo.dev/tag/v0.3")\n'
LOCATIONS = (
    "FIELD_DEFINITION | OBJECT | INTERFACE | UNION | ARGUMENT_DEFINITION | SCALAR | ENUM "
    "| ENUM_VALUE | INPUT_OBJECT | INPUT_FIELD_DEFINITION"
)
INACCESSIBLE_DIRECTIVE = f"\ndirective @inaccessible on {LOCATIONS}\n"
TAG_DIRECTIVE = f"\ndirective @tag(name: String!) repeatable on {LOCATIONS} | SCHEMA\n"
