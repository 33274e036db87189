"""Issuing (development) and verifying (everywhere) JWT bearer tokens."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterable, Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import jwt
from cachetools import TLRUCache
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from lokal_kit.auth.principal import ANONYMOUS, Principal, Role
from lokal_kit.errors import Unauthenticated
from lokal_kit.sqltypes import utcnow

# Asymmetric only: a verifier never holds a secret that could mint tokens,
# and `none` or HMAC tokens are refused whatever their header claims.
ALGORITHMS = ["ES256", "RS256"]

VERIFIED_TOKENS = 10_000
VERIFIED_FOR_SECONDS = 300.0
"""How long a verified token is taken on trust without checking its signature again (at most
until it expires): a signature check costs more CPU than the gateway's whole planning and
forwarding of a request, and a client sends the same token with every request. A signing key
withdrawn from the JWKS stops accepting its tokens within this time."""


class TokenVerifier:
    def __init__(
        self,
        *,
        issuer: str,
        audience: str,
        public_key_pem: bytes | None = None,
        jwks_url: str | None = None,
        leeway: timedelta = timedelta(seconds=30),
    ) -> None:
        if (public_key_pem is None) == (jwks_url is None):
            raise ValueError("give either a public key or a JWKS URL")
        self._issuer = issuer
        self._audience = audience
        self._leeway = leeway
        self._key = serialization.load_pem_public_key(public_key_pem) if public_key_pem else None
        self._jwks = jwt.PyJWKClient(jwks_url, cache_keys=True, lifespan=600) if jwks_url else None
        # token -> (its principal, until when it is taken on trust); wall-clock like `exp`
        self._verified: TLRUCache[str, tuple[Principal, float]] = TLRUCache(
            VERIFIED_TOKENS, ttu=lambda _token, entry, _now: entry[1], timer=time.time
        )

    def principal(self, authorization: str | None) -> Principal:
        """The principal of an `Authorization` header value; anonymous when there is none."""
        if not authorization:
            return ANONYMOUS
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthenticated("the Authorization header must be 'Bearer <token>'")
        return self.verify(token.strip())

    def verify(self, token: str) -> Principal:
        verified = self._verified.get(token)
        if verified is not None:
            return verified[0]
        try:
            key: Any = self._key
            if self._jwks is not None:
                key = self._jwks.get_signing_key_from_jwt(token).key
            claims = jwt.decode(
                token,
                key,
                algorithms=ALGORITHMS,
                audience=self._audience,
                issuer=self._issuer,
                leeway=self._leeway,
                options={"require": ["exp", "iat", "sub", "iss", "aud"]},
            )
            principal = _principal(claims)
        except jwt.ExpiredSignatureError:
            raise Unauthenticated("the token has expired") from None
        except (jwt.PyJWTError, ValueError) as exc:
            raise Unauthenticated(f"the token is not valid: {exc}") from None
        trusted_until = min(float(claims["exp"]), time.time() + VERIFIED_FOR_SECONDS)
        self._verified[token] = (principal, trusted_until)
        return principal


def _principal(claims: Mapping[str, Any]) -> Principal:
    roles = claims.get("roles", [])
    municipalities = claims.get("municipalities", [])
    if not isinstance(roles, list) or not isinstance(municipalities, list):
        raise ValueError("roles and municipalities must be lists")
    return Principal(
        person_id=UUID(str(claims["sub"])),
        roles=frozenset(Role(r) for r in roles),
        municipality_ids=frozenset(UUID(str(m)) for m in municipalities),
    )


class TokenIssuer:
    """Mints tokens with a local key: development, demos and tests only."""

    def __init__(self, private_key_pem: bytes, *, issuer: str, audience: str) -> None:
        self._key = serialization.load_pem_private_key(private_key_pem, password=None)
        self._issuer = issuer
        self._audience = audience

    def issue(
        self,
        person_id: UUID,
        roles: Iterable[Role | str],
        *,
        municipality_ids: Iterable[UUID] = (),
        ttl: timedelta = timedelta(hours=8),
    ) -> str:
        now = utcnow()
        claims = {
            "iss": self._issuer,
            "aud": self._audience,
            "sub": str(person_id),
            "iat": now,
            "nbf": now,
            "exp": now + ttl,
            "jti": str(uuid.uuid4()),
            "roles": [Role(r).value for r in roles],
            "municipalities": [str(m) for m in municipality_ids],
        }
        return jwt.encode(claims, self._key, algorithm="ES256")  # type: ignore[arg-type]


def generate_key_pair() -> tuple[bytes, bytes]:
    private = ec.generate_private_key(ec.SECP256R1())
    private_pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    public_pem = private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return private_pem, public_pem


def development_keys(data_dir: Path) -> tuple[bytes, bytes]:
    """The embedded mode's signing key pair, created on first use."""
    private_path = data_dir / "dev-jwt" / "private.pem"
    public_path = data_dir / "dev-jwt" / "public.pem"
    if not private_path.exists():
        private_path.parent.mkdir(parents=True, exist_ok=True)
        private_pem, public_pem = generate_key_pair()
        private_path.write_bytes(private_pem)
        private_path.chmod(0o600)
        public_path.write_bytes(public_pem)
    return private_path.read_bytes(), public_path.read_bytes()


def verifier_for(
    *, issuer: str, audience: str, jwks_url: str, public_key_file: Path | None, data_dir: Path
) -> TokenVerifier:
    """The verifier the settings ask for; the development key pair when none is configured."""
    if jwks_url:
        return TokenVerifier(issuer=issuer, audience=audience, jwks_url=jwks_url)
    public_pem = public_key_file.read_bytes() if public_key_file else development_keys(data_dir)[1]
    return TokenVerifier(issuer=issuer, audience=audience, public_key_pem=public_pem)
