"""Demo data for the embedded mode: the standard curriculum and a running cohort."""

from __future__ import annotations

from datetime import date, time

from lokal_contracts.demo import demo_id
from lokal_learning.domain.cohorts import cohort_from_template
from lokal_learning.domain.curriculum import CurriculumItem, CurriculumTemplate
from lokal_learning.domain.kinds import SessionFormat, SessionKind
from lokal_learning.domain.sessions import Session
from lokal_learning.service.events import session_scheduled
from lokal_learning.service.unit_of_work import Runtime

TEMPLATE_ID = demo_id("curriculum-template", "begleitprogramm-2026")
COHORT_ID = demo_id("cohort", "2026-09")
COHORT_START = date(2026, 9, 1)
LENA = demo_id("person", "programme-lena")
JONAS = demo_id("person", "programme-jonas")
ON, HY, ONLINE = SessionFormat.ON_SITE, SessionFormat.HYBRID, SessionFormat.ONLINE
K = SessionKind

# kind, title, description, offset days, start, minutes, format, mandatory, capacity, repeats
PLAN = [
    (
        K.ONBOARDING,
        "Auftakt: Willkommen im Programm",
        "Kennenlernen, Ziele und Ablauf des Begleitprogramms, erste Schritte im Projekt.",
        0,
        time(9, 30),
        360,
        ON,
        True,
        40,
        None,
    ),
    (
        K.ONBOARDING,
        "Einführung in die öffentliche Verwaltung",
        "Aufbau, Aufgaben und Entscheidungswege einer Kommunalverwaltung.",
        1,
        time(10),
        180,
        ONLINE,
        True,
        40,
        None,
    ),
    (
        K.ONBOARDING,
        "Kommunalrecht kompakt",
        "Gemeindeordnung, Haushaltsrecht, Vergabe: was Projekte in der Kommune wissen müssen.",
        3,
        time(10),
        180,
        ONLINE,
        True,
        40,
        None,
    ),
    (
        K.ONBOARDING,
        "Zusammenarbeit mit der Projektpatin oder dem Projektpaten",
        "Rollen im Tandem, Erwartungen, regelmäßige Check-ins.",
        8,
        time(10),
        150,
        HY,
        True,
        40,
        None,
    ),
    (
        K.COACHING,
        "Gruppen-Coaching",
        "Fallberatung in kleiner Runde: was läuft, was hakt.",
        28,
        time(10),
        120,
        ONLINE,
        True,
        40,
        (5, 28),
    ),
    (
        K.WORKSHOP,
        "Agile Methoden in der Verwaltung",
        "Scrum und Kanban im Rahmen von Haushalts- und Gremienzyklen.",
        35,
        time(9, 30),
        360,
        ON,
        False,
        20,
        None,
    ),
    (
        K.NETWORKING,
        "Vernetzungstreffen mit anderen Kohorten und Alumni",
        "Austausch über Projekte und Kommunen hinweg.",
        45,
        time(18),
        120,
        ONLINE,
        False,
        60,
        (3, 56),
    ),
    (
        K.WORKSHOP,
        "Nutzerzentriertes Design für kommunale Dienste",
        "Interviews, Prototypen und Tests mit Bürgerinnen und Bürgern.",
        63,
        time(9, 30),
        360,
        HY,
        False,
        20,
        None,
    ),
    (
        K.WORKSHOP,
        "Veränderungsmanagement in Behörden",
        "Veränderung anstoßen, Beteiligte mitnehmen, Widerstände verstehen.",
        91,
        time(9, 30),
        360,
        ON,
        False,
        20,
        None,
    ),
    (
        K.WORKSHOP,
        "Datenschutz in kommunalen Projekten",
        "DSGVO, Datenschutz-Folgenabschätzung und Informationssicherheit in der Praxis.",
        126,
        time(10),
        240,
        ONLINE,
        True,
        40,
        None,
    ),
    (
        K.NETWORKING,
        "Abschluss-Showcase",
        "Die Teams zeigen Ergebnisse und Erfahrungen; Gäste aus Kommunen und Alumni.",
        175,
        time(14),
        240,
        HY,
        True,
        80,
        None,
    ),
]


def demo_template() -> CurriculumTemplate:
    items = tuple(
        CurriculumItem(
            id=demo_id("curriculum-item", f"begleitprogramm-2026-{index}"),
            kind=kind,
            title=title,
            description=description,
            offset_days=offset,
            start_time=start,
            duration_minutes=minutes,
            format=session_format,
            mandatory=mandatory,
            capacity=capacity,
            occurrences=repeats[0] if repeats else 1,
            repeat_every_days=repeats[1] if repeats else None,
        )
        for index, (
            kind,
            title,
            description,
            offset,
            start,
            minutes,
            session_format,
            mandatory,
            capacity,
            repeats,
        ) in enumerate(PLAN)
    )
    return CurriculumTemplate(
        id=TEMPLATE_ID,
        name="Begleitprogramm 2026",
        description="Onboarding in den ersten zwei Wochen, Coaching alle vier Wochen, "
        "monatliche Workshops, Vernetzung mit anderen Kohorten und Alumni, Abschluss-Showcase.",
        items=items,
        is_current=True,
    )


def _arrange(session: Session) -> None:
    """Place and facilitator, as the programme team fills them in after scheduling."""
    session.facilitator_id = JONAS if session.kind in (K.COACHING, K.NETWORKING) else LENA
    if session.format is not ONLINE:
        session.location = "Kassel, Tagungszentrum am Fridericianum"
    if session.format is not ON:
        session.online_url = f"https://meet.lokalprojekte.de/{session.kind.value}"


async def seed(rt: Runtime) -> None:
    """Idempotent: a second run finds the template and leaves everything as it is."""
    now = rt.clock()
    async with rt.uow_factory() as uow:
        if await uow.curricula.template(TEMPLATE_ID) is not None:
            return
        template = demo_template()
        await uow.curricula.add_template(template, now)
        await uow.curricula.make_current(template.id)
        cohort, sessions = cohort_from_template(template, COHORT_START, cohort_id=COHORT_ID)
        if await uow.curricula.add_cohort_if_absent(cohort, now):
            for session in sessions:
                _arrange(session)
            await uow.sessions.add(sessions, now)
            for session in sessions:
                uow.publish(session_scheduled(session))
        for coach in (LENA, JONAS):
            await uow.enrollments.register_coach(coach, 8, now)
        await uow.commit()
