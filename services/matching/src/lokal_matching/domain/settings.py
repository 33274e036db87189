"""How fit is weighed: the defaults here, overridable through the service settings."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RegionScale:
    """Region score of each kind of match between a maker's wishes and a project's AGS."""

    wished_area: float = 1.0
    """A wished AGS prefix is a prefix of the project's AGS."""
    wished_state: float = 1.0
    same_district: float = 0.8
    """Shares the Kreis (5 digits) with a wished area."""
    same_region: float = 0.65
    """Shares the Regierungsbezirk (3 digits) with a wished area."""
    same_state: float = 0.5
    """Shares the Land (2 digits) with a wished area."""
    willing_to_relocate: float = 0.4
    no_preference: float = 0.5
    """The maker named no region at all."""


@dataclass(frozen=True)
class FitSettings:
    competence_weight: float = 0.55
    availability_weight: float = 0.2
    region_weight: float = 0.15
    topic_weight: float = 0.1
    must_have_weight: float = 2.0
    """Weight of a must-have requirement within the competence part (nice-to-have: 1)."""
    nice_to_have_weight: float = 1.0
    below_level_credit: float = 0.5
    """Credit for a competence held below the required level, times level / required."""
    topic_no_preference: float = 0.5
    """Topic score of a maker who named no topics."""
    region: RegionScale = RegionScale()

    @property
    def total_weight(self) -> float:
        return (
            self.competence_weight
            + self.availability_weight
            + self.region_weight
            + self.topic_weight
        )
