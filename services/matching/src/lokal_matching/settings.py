"""Configuration of the matching service (`LOKAL_MATCHING_*`, then `LOKAL_*`)."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from lokal_kit.settings import ServiceSettings
from lokal_matching.domain.run import RunSettings
from lokal_matching.domain.settings import FitSettings, RegionScale


class MatchingSettings(ServiceSettings):
    service_name: ClassVar[str] = "matching"

    fit_competence_weight: float = Field(default=0.55, ge=0, le=100)
    fit_availability_weight: float = Field(default=0.2, ge=0, le=100)
    fit_region_weight: float = Field(default=0.15, ge=0, le=100)
    fit_topic_weight: float = Field(default=0.1, ge=0, le=100)
    fit_must_have_weight: float = Field(default=2.0, gt=0, le=100)
    fit_nice_to_have_weight: float = Field(default=1.0, ge=0, le=100)
    fit_below_level_credit: float = Field(default=0.5, ge=0, le=1)
    fit_topic_no_preference: float = Field(default=0.5, ge=0, le=1)
    fit_region_same_district: float = Field(default=0.8, ge=0, le=1)
    fit_region_same_region: float = Field(default=0.65, ge=0, le=1)
    fit_region_same_state: float = Field(default=0.5, ge=0, le=1)
    fit_region_willing_to_relocate: float = Field(default=0.4, ge=0, le=1)
    fit_region_no_preference: float = Field(default=0.5, ge=0, le=1)
    team_time_limit: float = Field(
        default=5.0, gt=0, le=120, description="CP-SAT deterministic time for one team."
    )
    run_repair_time_limit: float = Field(default=1.0, gt=0, le=60)
    run_time_budget: float = Field(
        default=6.0, ge=0, le=600, description="Deterministic time for all repairs of a run."
    )
    run_coverage_value: float = Field(default=0.1, ge=0, le=1)

    def fit(self) -> FitSettings:
        if (
            self.fit_competence_weight
            + self.fit_availability_weight
            + self.fit_region_weight
            + self.fit_topic_weight
            <= 0
        ):
            raise ValueError("at least one LOKAL_MATCHING_FIT_*_WEIGHT must be positive")
        return FitSettings(
            competence_weight=self.fit_competence_weight,
            availability_weight=self.fit_availability_weight,
            region_weight=self.fit_region_weight,
            topic_weight=self.fit_topic_weight,
            must_have_weight=self.fit_must_have_weight,
            nice_to_have_weight=self.fit_nice_to_have_weight,
            below_level_credit=self.fit_below_level_credit,
            topic_no_preference=self.fit_topic_no_preference,
            region=RegionScale(
                same_district=self.fit_region_same_district,
                same_region=self.fit_region_same_region,
                same_state=self.fit_region_same_state,
                willing_to_relocate=self.fit_region_willing_to_relocate,
                no_preference=self.fit_region_no_preference,
            ),
        )

    def run(
        self, *, one_seat_per_municipality: bool = False, max_seats_per_state: int | None = None
    ) -> RunSettings:
        return RunSettings(
            repair_time_limit=self.run_repair_time_limit,
            time_budget=self.run_time_budget,
            coverage_value=self.run_coverage_value,
            one_seat_per_municipality=one_seat_per_municipality,
            max_seats_per_state=max_seats_per_state,
        )
