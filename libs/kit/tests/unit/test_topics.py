import pytest

from lokal_kit.messaging.inprocess import topic_matches


@pytest.mark.parametrize(
    ("binding", "key", "matches"),
    [
        ("projects.project.published.v1", "projects.project.published.v1", True),
        ("projects.project.published.v1", "projects.project.updated.v1", False),
        ("projects.*.published.v1", "projects.project.published.v1", True),
        ("projects.*", "projects.project.published.v1", False),
        ("projects.#", "projects.project.published.v1", True),
        ("#", "people.maker.selected.v1", True),
        ("#.v1", "people.maker.selected.v1", True),
        ("#.v2", "people.maker.selected.v1", False),
        ("projects.#.v1", "projects.v1", True),
        ("*.project.#", "projects.project.cancelled.v1", True),
    ],
)
def test_topic_bindings_follow_amqp_semantics(binding: str, key: str, matches: bool) -> None:
    assert topic_matches(binding, key) is matches
