"""Demo data for the embedded mode, loaded through the use cases so every event is announced.

Idempotent: what exists already is left alone, what is missing is added (and moved on
to its demo state), so a second run changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from lokal_contracts.demo import MUNICIPALITIES as AGS
from lokal_contracts.demo import demo_id
from lokal_kit.auth import Principal, Role
from lokal_projects.adapters.unit_of_work import ProjectsUnitOfWork
from lokal_projects.demo_data import MUNICIPALITIES, PROJECTS, DemoMunicipality, DemoProject
from lokal_projects.domain.application import PILOT, ApplicationStatus
from lokal_projects.domain.project import ProjectStatus
from lokal_projects.service import applications, municipalities, projects
from lokal_projects.service.clock import today
from lokal_projects.service.commands import ApplyForProgramme, DraftProject, RegisterMunicipality

UowFactory = Callable[[], ProjectsUnitOfWork]
PROGRAMME = Principal(
    person_id=demo_id("person", "programme-lena"), roles=frozenset({Role.PROGRAMME})
)


def staff(slug: str) -> Principal:
    return Principal(
        person_id=demo_id("person", f"staff-{slug}"),
        roles=frozenset({Role.MUNICIPALITY}),
        municipality_ids=frozenset({demo_id("municipality", slug)}),
    )


async def seed(uow: UowFactory) -> None:
    for municipality in MUNICIPALITIES:
        await _municipality(uow, municipality)
        await _pilot_application(uow, municipality)
    for project in PROJECTS:
        await _project(uow, project)


async def _municipality(uow: UowFactory, demo: DemoMunicipality) -> None:
    async with uow() as reading:
        if await reading.municipalities.get(demo_id("municipality", demo.slug)) is not None:
            return
    await municipalities.register_municipality(
        uow(),
        staff(demo.slug),
        RegisterMunicipality(
            ags=AGS[demo.slug],
            name=demo.name,
            kind=demo.kind,
            population=demo.population,
            address=demo.address,
            website=demo.website,
            municipality_id=demo_id("municipality", demo.slug),
        ),
    )


async def _pilot_application(uow: UowFactory, demo: DemoMunicipality) -> None:
    application_id = demo_id("application", f"{demo.slug}-pilot")
    async with uow() as reading:
        application = await reading.applications.get(application_id)
    if application is None:
        application = await applications.apply_for_programme(
            uow(),
            staff(demo.slug),
            ApplyForProgramme(
                municipality_id=demo_id("municipality", demo.slug),
                round=PILOT,
                motivation=f"{demo.name} will ihre Verwaltung mit Macher*innen modernisieren.",
                problem=demo.problem,
                mentor_id=demo_id("person", f"mentor-{demo.slug}"),
                application_id=application_id,
            ),
        )
    if application.status is ApplicationStatus.SUBMITTED:
        application = await applications.start_review(uow(), PROGRAMME, application_id)
    if application.status is ApplicationStatus.IN_REVIEW:
        await applications.decide(
            uow(),
            PROGRAMME,
            application_id,
            accept=True,
            reason="Klarer Bedarf, benannte Projektpatin, Rückhalt der Verwaltungsspitze.",
        )


async def _project(uow: UowFactory, demo: DemoProject) -> None:
    project_id = demo_id("project", demo.slug)
    async with uow() as reading:
        project = await reading.projects.get(project_id)
    kommune = staff(demo.municipality)
    if project is None:
        project = await projects.draft_project(
            uow(),
            kommune,
            DraftProject(
                municipality_id=demo_id("municipality", demo.municipality),
                title=demo.title,
                goal=demo.goal,
                topic=demo.topic,
                requirements=demo.requirements,
                seats=demo.seats,
                duration_months=demo.duration_months,
                planned_start=_first_of_month_ahead(demo.starts_in_months),
                work_mode=demo.work_mode,
                mentor_id=demo_id("person", f"mentor-{demo.municipality}"),
                project_id=project_id,
            ),
        )
    wanted = (ProjectStatus.SUBMITTED, ProjectStatus.PUBLISHED)
    if project.status is ProjectStatus.DRAFT and demo.status in wanted:
        project = await projects.submit_project(uow(), kommune, project_id)
    if project.status is ProjectStatus.SUBMITTED and demo.status is ProjectStatus.PUBLISHED:
        await projects.publish_project(uow(), PROGRAMME, project_id)


def _first_of_month_ahead(months: int) -> date:
    start = today().replace(day=1)
    month = start.month - 1 + months
    return start.replace(year=start.year + month // 12, month=month % 12 + 1)
