"""The demo's sixteen makers: fictional people with varied, realistic profiles."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lokal_people.domain.pipeline import MakerStage
from lokal_people.domain.profile import Background, Topic, Workload
from lokal_people.seed import skills as s

_ASCII = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ı": "i"}

Skill = tuple[str, int, int, str]
"""(competence, level, years, how it was used)"""


@dataclass(frozen=True)
class DemoMaker:
    slug: str
    name: str
    background: Background
    experience_years: int
    start: date
    months: int
    skills: tuple[Skill, ...]
    states: tuple[str, ...] = ()
    ags_prefixes: tuple[str, ...] = ()
    relocate: bool = False
    topics: tuple[Topic, ...] = (Topic.DIGITALISATION,)
    workload: Workload = Workload.FULL_TIME
    stage: MakerStage = MakerStage.SELECTED

    @property
    def email(self) -> str:
        local = self.name.casefold().replace(" ", ".")
        for letter, spelled in _ASCII.items():
            local = local.replace(letter, spelled)
        return f"{local}@example.org"


MAKERS = (
    DemoMaker(
        "maker-01", "Anna Reinholz", Background.BUSINESS, 9, date(2027, 1, 1), 12,
        (
            (s.PROJECT_MANAGEMENT, 4, 8, "Led ERP roll-outs for a logistics company."),
            (s.AGILE_PROJECT_MANAGEMENT, 3, 5, "Scrum master for two product teams."),
            (s.STAKEHOLDER_RELATIONS, 3, 6, "Steered a board of six business units."),
            (s.BUDGETING, 3, 4, "Owned a 2 million euro project budget."),
        ),
        states=("06",), relocate=True, topics=(Topic.DIGITALISATION, Topic.PROCESS_MODERNISATION),
    ),
    DemoMaker(
        "maker-02", "Deniz Yılmaz", Background.BUSINESS, 6, date(2027, 2, 1), 9,
        (
            (s.SOFTWARE_PROTOTYPES, 4, 6, "Built MVPs for a mobility start-up."),
            (s.PYTHON, 4, 6, "Backend services and data pipelines."),
            (s.WEB_PROGRAMMING, 3, 5, "Citizen-facing web forms."),
            (s.AGILE_DEVELOPMENT, 3, 5, "Worked in two-week sprints."),
            (s.CODE_REVIEW, 3, 4, "Reviewed code for a team of eight."),
        ),
        states=("14", "12"), topics=(Topic.DIGITALISATION,),
    ),
    DemoMaker(
        "maker-03", "Katharina Vogel", Background.PUBLIC_SECTOR, 14, date(2027, 1, 1), 12,
        (
            (s.PROCESS_MODELLING, 4, 10, "Modelled building-permit processes in BPMN."),
            (s.BUSINESS_PROCESSES, 4, 12, "Reorganised a Bürgeramt's front office."),
            (s.E_SERVICES, 3, 5, "Brought OZG services online for a Landkreis."),
            (s.PUBLIC_ADMINISTRATION, 4, 14, "Fourteen years in municipal administration."),
        ),
        states=("09",), ags_prefixes=("09464",), topics=(Topic.PROCESS_MODERNISATION,),
    ),
    DemoMaker(
        "maker-04", "Malte Sörensen", Background.BUSINESS, 11, date(2027, 3, 1), 12,
        (
            (s.ENTERPRISE_ARCHITECTURE, 4, 7, "Mapped the IT landscape of a utility company."),
            (s.SOFTWARE_ARCHITECTURE, 4, 9, "Architect of a public transport ticketing system."),
            (s.INTEGRATION_STRATEGY, 3, 5, "Designed API integration between 20 systems."),
            (s.CLOUD_ARCHITECTURE, 3, 4, "Moved workloads to a sovereign cloud."),
        ),
        states=("01",), relocate=True,
    ),
    DemoMaker(
        "maker-05", "Lea Hoffmann", Background.CIVIL_SOCIETY, 5, date(2027, 1, 1), 6,
        (
            (s.STAKEHOLDER_ENGAGEMENT, 4, 5, "Ran participation processes for a neighbourhood fund."),
            (s.MODERATION, 4, 5, "Moderated town-hall meetings of up to 200 people."),
            (s.FOCUS_GROUPS, 3, 3, "Focus groups with young people on local transport."),
            (s.REPORTING, 3, 4, "Reported results to the city council."),
        ),
        states=("15", "14"), topics=(Topic.INTEGRATION, Topic.CLIMATE),
        workload=Workload.PART_TIME,
    ),
    DemoMaker(
        "maker-06", "Jan Petersen", Background.BUSINESS, 8, date(2027, 4, 1), 12,
        (
            (s.SECURITY_STRATEGY, 4, 6, "Wrote the ISMS of a mid-sized insurer."),
            (s.SECURITY_STANDARDS, 4, 7, "ISO 27001 and BSI IT-Grundschutz audits."),
            (s.SECURITY_TESTING, 3, 4, "Organised penetration tests."),
            (s.DATA_PROTECTION, 3, 5, "Worked with data protection officers on DSGVO."),
        ),
        states=("01", "06"),
    ),
    DemoMaker(
        "maker-07", "Sophie Lindner", Background.RESEARCH, 4, date(2027, 1, 1), 12,
        (
            (s.DATA_ANALYSIS, 4, 4, "Analysed mobility data in a research institute."),
            (s.STATISTICS, 4, 6, "PhD in applied statistics."),
            (s.DATA_VISUALISATION, 3, 3, "Built dashboards for city planners."),
            (s.PYTHON, 3, 5, "Analysis code in pandas."),
            (s.SQL, 3, 3, "Queried census and traffic databases."),
        ),
        states=("14",), ags_prefixes=("14626",), topics=(Topic.CLIMATE, Topic.DIGITALISATION),
    ),
    DemoMaker(
        "maker-08", "Tobias Krüger", Background.BUSINESS, 12, date(2027, 2, 1), 12,
        (
            (s.CHANGE_MANAGEMENT, 4, 8, "Accompanied a merger of two agencies."),
            (s.COACHING, 3, 6, "Certified systemic coach."),
            (s.STAKEHOLDER_COMMUNICATION, 4, 10, "Internal communications lead."),
            (s.LEAD_A_TEAM, 3, 6, "Led a team of twelve."),
        ),
        states=("12",), ags_prefixes=("12052",), relocate=True,
        topics=(Topic.PROCESS_MODERNISATION,),
    ),
    DemoMaker(
        "maker-09", "Mira Schneider", Background.BUSINESS, 7, date(2027, 1, 1), 9,
        (
            (s.UX_PROTOTYPES, 4, 6, "Prototyped an app for a health insurer."),
            (s.DESIGN_THINKING, 4, 6, "Facilitated design sprints."),
            (s.USABILITY_TESTING, 3, 5, "Usability tests with older users."),
            (s.INTERVIEWING, 3, 5, "User research interviews."),
            (s.EXPERIENCE_MAPS, 3, 4, "Journey maps of citizen services."),
        ),
        states=("06", "09"),
    ),
    DemoMaker(
        "maker-10", "Felix Wagner", Background.PUBLIC_SECTOR, 10, date(2027, 5, 1), 12,
        (
            (s.PROCUREMENT_LAW, 4, 9, "Procurement officer under the GWB and UVgO."),
            (s.TENDER_DOCUMENTS, 4, 8, "Drafted tenders for IT services."),
            (s.TENDER_EVALUATION, 3, 8, "Chaired evaluation committees."),
            (s.E_PROCUREMENT, 3, 4, "Introduced an e-procurement platform."),
        ),
        states=("15",), ags_prefixes=("15002",),
    ),
    DemoMaker(
        "maker-11", "Nele Baumann", Background.CIVIL_SOCIETY, 3, date(2027, 1, 1), 12,
        (
            (s.PROJECT_MANAGEMENT, 2, 3, "Coordinated projects of a volunteer network."),
            (s.DATA_ANALYSIS, 2, 2, "Evaluated surveys of members."),
            (s.STAKEHOLDER_ENGAGEMENT, 3, 3, "Brought associations and the city together."),
            (s.WEB_PROGRAMMING, 2, 2, "Maintained the network's website."),
        ),
        relocate=True, topics=(Topic.INTEGRATION, Topic.OTHER),
    ),
    DemoMaker(
        "maker-12", "Hannes Brückner", Background.BUSINESS, 15, date(2027, 3, 1), 12,
        (
            (s.SYSTEM_INTEGRATION, 4, 12, "Integrated specialist procedures with the DMS."),
            (s.POSTGRESQL, 4, 10, "Ran databases of a municipal data centre."),
            (s.CLOUD_TECHNOLOGIES, 3, 5, "Operated Kubernetes clusters."),
            (s.SECURITY_COMPLIANCE, 3, 6, "BSI-compliant operations."),
        ),
        states=("14", "12"), stage=MakerStage.INTERVIEW,
    ),
    DemoMaker(
        "maker-13", "Selin Arslan", Background.RESEARCH, 2, date(2027, 6, 1), 6,
        (
            (s.DATA_QUALITY, 3, 2, "Data cleaning for a social research panel."),
            (s.DATA_MODELS, 2, 2, "Designed data models for survey data."),
            (s.STATISTICS, 3, 4, "Master's degree in sociology and statistics."),
        ),
        states=("09",), workload=Workload.PART_TIME, stage=MakerStage.SCREENING,
    ),
    DemoMaker(
        "maker-14", "Paul Zimmermann", Background.PUBLIC_SECTOR, 20, date(2027, 1, 1), 12,
        (
            (s.PUBLIC_ADMINISTRATION, 4, 20, "Head of a Hauptamt."),
            (s.BUDGETING, 4, 15, "Drew up municipal budgets (Doppik)."),
            (s.RISK_MANAGEMENT, 3, 8, "Introduced risk management in a Kreisverwaltung."),
        ),
        states=("06",), ags_prefixes=("06636",), stage=MakerStage.APPLIED,
    ),
    DemoMaker(
        "maker-15", "Clara Neumann", Background.BUSINESS, 1, date(2027, 2, 1), 6,
        (
            (s.JAVASCRIPT, 2, 1, "Front-end work in an agency."),
            (s.USER_INTERFACE_DESIGN, 2, 1, "Designed screens for a shop system."),
        ),
        states=("01",), stage=MakerStage.REJECTED,
    ),
    DemoMaker(
        "maker-16", "Ole Hansen", Background.BUSINESS, 9, date(2027, 1, 1), 12,
        (
            (s.IDEATION, 3, 5, "Ran innovation workshops."),
            (s.PROCESS_OPTIMISATION, 3, 6, "Lean projects in manufacturing."),
            (s.INFORMATION_PROCESSES, 3, 4, "Analysed document flows."),
        ),
        states=("01",), ags_prefixes=("01001",), stage=MakerStage.WITHDRAWN,
    ),
)
