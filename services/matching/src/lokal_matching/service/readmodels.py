"""Keeping the read models in step with people's and projects' events."""

from __future__ import annotations

from lokal_contracts import people, projects
from lokal_matching.domain.model import Maker, Project, ProjectStatus, Requirement
from lokal_matching.domain.placement import OPEN
from lokal_matching.domain.proposal import ProposalStatus
from lokal_matching.service import events
from lokal_matching.service.uow import Matching, MatchingUnitOfWork

CANCELLED = "the project was cancelled"


def maker_of(event: people.MakerSelected | people.ProfileUpdated, stage: str) -> Maker:
    return Maker(
        person_id=event.person_id,
        competences={c.competence_id: c.level for c in event.competences},
        earliest_start=event.availability.earliest_start,
        months=event.availability.months,
        states=tuple(sorted(set(event.regions.states))),
        ags_prefixes=tuple(event.regions.ags_prefixes),
        willing_to_relocate=event.regions.willing_to_relocate,
        topics=frozenset(t.value for t in event.topics),
        background=event.background.value,
        experience_years=event.experience_years,
        stage=stage,
        version=event.version,
    )


async def apply_maker(matching: Matching, uow: MatchingUnitOfWork, maker: Maker) -> None:
    """Selected and profile events share the person's version: an older one never wins."""
    await uow.read_models.change_makers()
    if await uow.read_models.is_erased(maker.person_id):
        return
    known = await uow.read_models.maker(maker.person_id, for_update=True)
    if known is not None and known.version > maker.version:
        return
    await uow.read_models.save_maker(maker, matching.now())


def project_of(event: projects.ProjectPublished | projects.ProjectUpdated) -> Project:
    state = getattr(event, "state", projects.ProjectState.PUBLISHED)
    status = {
        projects.ProjectState.PUBLISHED: ProjectStatus.OPEN,
        projects.ProjectState.CANCELLED: ProjectStatus.CANCELLED,
    }.get(state, ProjectStatus.CLOSED)
    return Project(
        project_id=event.project_id,
        municipality_id=event.municipality_id,
        ags=event.ags,
        topic=event.topic.value,
        requirements=tuple(
            Requirement(r.competence_id, r.min_level, r.must_have) for r in event.requirements
        ),
        seats=tuple(s.pay_group for s in event.seats),
        planned_start=event.planned_start,
        duration_months=event.duration_months,
        work_mode=event.work_mode.value,
        mentor_id=event.mentor_id,
        status=status,
        version=event.version,
    )


async def apply_project(matching: Matching, uow: MatchingUnitOfWork, project: Project) -> None:
    await uow.read_models.save_project(project, matching.now())
    if project.status is not ProjectStatus.OPEN:
        await lapse_project(
            matching, uow, project, CANCELLED if project.status is ProjectStatus.CANCELLED else None
        )
        return
    # placements not yet agreed follow the project's dates and seats
    for placement in await uow.placements.of_projects([project.project_id]):
        if placement.state in OPEN and placement.seat_index < len(project.seats):
            moved = (project.planned_start, project.ends_on, project.seats[placement.seat_index])
            if moved != (placement.starts_on, placement.ends_on, placement.pay_group):
                placement.move_to(*moved)
                await uow.placements.save(placement)


async def lapse_project(
    matching: Matching, uow: MatchingUnitOfWork, project: Project, reason: str | None
) -> None:
    """Open team proposals lapse; on cancellation placements lapse too."""
    open_proposals = [
        p.id
        for p in await uow.proposals.of_projects([project.project_id])
        if p.status is ProposalStatus.OPEN
    ]
    await uow.proposals.set_status(open_proposals, ProposalStatus.LAPSED.value)
    if reason is None:
        return
    for placement in await uow.placements.of_projects([project.project_id]):
        if placement.lapse(matching.today(), reason) and placement.person_id is not None:
            uow.publish(events.ended(placement))
        await uow.placements.save(placement)


async def cancel_project(
    matching: Matching, uow: MatchingUnitOfWork, event: projects.ProjectCancelled
) -> None:
    project = await uow.read_models.project(event.project_id, for_update=True)
    if project is None:
        return  # cancelled before we heard of it: the kit's version record keeps it away
    cancelled = Project(
        **{**project.__dict__, "status": ProjectStatus.CANCELLED, "version": event.version}
    )
    await apply_project(matching, uow, cancelled)


async def start_project(
    matching: Matching, uow: MatchingUnitOfWork, event: projects.ProjectStarted
) -> None:
    for placement in await uow.placements.of_projects([event.project_id]):
        if placement.state.value == "confirmed" and placement.starts_on <= event.started_on:
            placement.activate(max(event.started_on, placement.starts_on))
            await uow.placements.save(placement)
