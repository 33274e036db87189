from __future__ import annotations

import base64
import json
import time
from datetime import timedelta
from uuid import uuid4

import jwt
import pytest

from lokal_kit.auth import ANONYMOUS, Role
from lokal_kit.auth.tokens import TokenIssuer, TokenVerifier, generate_key_pair
from lokal_kit.errors import Unauthenticated

ISSUER, AUDIENCE = "https://auth.test.invalid/", "lokalprojekte"


@pytest.fixture(scope="module")
def keys() -> tuple[bytes, bytes]:
    return generate_key_pair()


@pytest.fixture
def issuer(keys: tuple[bytes, bytes]) -> TokenIssuer:
    return TokenIssuer(keys[0], issuer=ISSUER, audience=AUDIENCE)


@pytest.fixture
def verifier(keys: tuple[bytes, bytes]) -> TokenVerifier:
    return TokenVerifier(issuer=ISSUER, audience=AUDIENCE, public_key_pem=keys[1])


def test_a_token_carries_person_roles_and_municipalities(
    issuer: TokenIssuer, verifier: TokenVerifier
) -> None:
    person, municipality = uuid4(), uuid4()
    token = issuer.issue(person, [Role.MUNICIPALITY], municipality_ids=[municipality])
    principal = verifier.principal(f"Bearer {token}")
    assert principal.person_id == person
    assert principal.roles == {Role.MUNICIPALITY}
    assert principal.works_for(municipality)
    assert not principal.works_for(uuid4())
    assert not principal.is_programme


def test_no_header_is_anonymous(verifier: TokenVerifier) -> None:
    assert verifier.principal(None) is ANONYMOUS
    assert ANONYMOUS.is_anonymous


def test_an_expired_token_is_refused(issuer: TokenIssuer, verifier: TokenVerifier) -> None:
    token = issuer.issue(uuid4(), [Role.MAKER], ttl=timedelta(minutes=-5))
    with pytest.raises(Unauthenticated, match="expired"):
        verifier.verify(token)


def test_a_token_of_another_key_is_refused(verifier: TokenVerifier) -> None:
    other = TokenIssuer(generate_key_pair()[0], issuer=ISSUER, audience=AUDIENCE)
    with pytest.raises(Unauthenticated, match="not valid"):
        verifier.verify(other.issue(uuid4(), [Role.PROGRAMME]))


def test_a_token_for_another_audience_is_refused(keys: tuple[bytes, bytes]) -> None:
    foreign = TokenIssuer(keys[0], issuer=ISSUER, audience="someone-else")
    verifier = TokenVerifier(issuer=ISSUER, audience=AUDIENCE, public_key_pem=keys[1])
    with pytest.raises(Unauthenticated):
        verifier.verify(foreign.issue(uuid4(), [Role.PROGRAMME]))


def _b64(data: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def test_an_unsigned_alg_none_token_is_refused(verifier: TokenVerifier) -> None:
    claims = {
        "sub": str(uuid4()),
        "roles": ["programme"],
        "iss": ISSUER,
        "aud": AUDIENCE,
        "iat": 1_900_000_000,
        "exp": 4_000_000_000,
    }
    token = f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(claims)}."
    with pytest.raises(Unauthenticated):
        verifier.verify(token)


def test_an_hmac_token_signed_with_the_public_key_is_refused(
    keys: tuple[bytes, bytes], verifier: TokenVerifier
) -> None:
    claims = {
        "sub": str(uuid4()),
        "roles": ["programme"],
        "iss": ISSUER,
        "aud": AUDIENCE,
        "iat": 1_900_000_000,
        "exp": 4_000_000_000,
    }
    try:
        token = jwt.encode(claims, keys[1], algorithm="HS256")
    except jwt.exceptions.InvalidKeyError:
        return  # PyJWT itself refuses to use a PEM public key as an HMAC secret
    with pytest.raises(Unauthenticated):
        verifier.verify(token)


def test_a_tampered_token_is_refused(issuer: TokenIssuer, verifier: TokenVerifier) -> None:
    header, payload, signature = issuer.issue(uuid4(), [Role.MAKER]).split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    claims["roles"] = ["programme"]
    with pytest.raises(Unauthenticated):
        verifier.verify(f"{header}.{_b64(claims)}.{signature}")


@pytest.mark.parametrize("header", ["Basic abc", "Bearer", "Bearer    ", "token"])
def test_a_malformed_header_is_refused(verifier: TokenVerifier, header: str) -> None:
    with pytest.raises(Unauthenticated):
        verifier.principal(header)


def test_a_verified_token_is_not_checked_again(
    issuer: TokenIssuer, verifier: TokenVerifier, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = issuer.issue(uuid4(), [Role.MAKER])
    first = verifier.verify(token)
    checks: list[str] = []
    decode = jwt.decode
    monkeypatch.setattr(jwt, "decode", lambda *a, **k: checks.append("decode") or decode(*a, **k))
    assert verifier.verify(token) == first
    assert checks == []
    # another token is checked, and a tampered copy of the trusted one is not taken on trust
    verifier.verify(issuer.issue(uuid4(), [Role.MAKER]))
    with pytest.raises(Unauthenticated):
        verifier.verify(token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB"))
    assert checks == ["decode", "decode"]


def test_a_verified_token_is_refused_once_it_expires(
    issuer: TokenIssuer, keys: tuple[bytes, bytes]
) -> None:
    verifier = TokenVerifier(
        issuer=ISSUER, audience=AUDIENCE, public_key_pem=keys[1], leeway=timedelta(0)
    )
    token = issuer.issue(uuid4(), [Role.MAKER], ttl=timedelta(seconds=1))
    verifier.verify(token)
    time.sleep(1.5)
    with pytest.raises(Unauthenticated, match="expired"):
        verifier.verify(token)
