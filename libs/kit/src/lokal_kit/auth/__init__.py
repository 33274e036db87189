"""Who is asking: principals from JWT bearer tokens (OIDC-compatible)."""

from lokal_kit.auth.principal import ANONYMOUS, Principal, Role

__all__ = ["ANONYMOUS", "Principal", "Role"]
