import pytest

from lokal_kit.errors import InvalidInput
from lokal_kit.graphql.pagination import connection, decode_cursor, encode_cursor, page_request


def test_cursors_round_trip() -> None:
    key = ("2026-09-01", "6f1c0e1e-0000-4000-8000-000000000001")
    assert decode_cursor(encode_cursor(key)) == key


@pytest.mark.parametrize("first", [0, -1, 101])
def test_page_size_outside_the_cap_is_refused(first: int) -> None:
    with pytest.raises(InvalidInput) as refused:
        page_request(first, None, cap=100)
    assert refused.value.extensions()["field"] == "first"


@pytest.mark.parametrize("cursor", ["not base64!", "bm90IGpzb24", "eyJhIjogMX0="])
def test_a_cursor_not_handed_out_by_the_api_is_refused(cursor: str) -> None:
    with pytest.raises(InvalidInput):
        page_request(10, cursor)


def test_a_connection_knows_whether_there_is_a_next_page() -> None:
    page = page_request(2, None)
    fetched = [1, 2, 3]  # page.fetch == 3
    result = connection(fetched, page, key=lambda n: (n,))
    assert [edge.node for edge in result.edges] == [1, 2]
    assert result.page_info.has_next_page
    assert decode_cursor(result.page_info.end_cursor or "") == (2,)
    last = connection([1], page, key=lambda n: (n,))
    assert not last.page_info.has_next_page
