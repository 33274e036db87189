"""The demo's Kommunen and their projects: real places, realistic projects.

Competences are ESCO v1.2 skills (© European Union, reuse allowed with acknowledgement,
Commission Decision 2011/833/EU), named by their URI.
"""

from __future__ import annotations

from dataclasses import dataclass

from lokal_projects.domain.details import Requirement
from lokal_projects.domain.project import ProjectStatus
from lokal_projects.domain.values import MunicipalityKind, Topic, WorkMode

_ESCO = "http://data.europa.eu/esco/skill/"
PROJECT_MANAGEMENT = _ESCO + "cd5efa8c-e44d-4cbc-91c6-796018dbed68"  # perform project management
AGILE_PROJECT_MANAGEMENT = _ESCO + "0a9acb6b-1139-4be9-b431-3a80a959f2f4"
PROCESS_MODELLING = _ESCO + "98301d4a-2cc3-439d-8d7f-0b6ac76302bb"  # business process modelling
PROCESS_MODELS = _ESCO + "6a7792a9-888a-46ad-afc9-2c0d94c8fde6"  # create business process models
DATA_ANALYSIS = _ESCO + "2b92a5b2-6758-4ee3-9fb4-b6387a55cc8f"  # perform data analysis
BIG_DATA = _ESCO + "47a49cd6-097d-457a-9f7b-c290c14930d5"  # analyse big data
USABILITY = _ESCO + "95ee5e38-5c1e-4cd2-a21d-6921390025a9"  # usability engineering
DESIGN_THINKING = _ESCO + "df64a7cc-2e96-4304-95d3-56fe0ac2dd39"
SECURITY_RISKS = _ESCO + "fe1c2b32-7fe9-4668-affa-07ff658a68cf"  # identify ICT security risks
SECURITY_STANDARDS = _ESCO + "3ff589b7-68df-4ea5-ae41-b395bdb2378f"  # ICT security standards
SECURITY_LEGISLATION = _ESCO + "7814e88f-c133-4c3b-b27f-857afa145d42"
DATA_PROTECTION = _ESCO + "a4346013-a967-4a58-a533-6b32ad1364c5"
GIS = _ESCO + "377861af-f966-4c87-a2db-7e99904312b9"  # geographic information systems
ENERGY_EFFICIENCY = _ESCO + "83fc0b2b-6cd2-46af-b1ff-d3fc83604c26"
INTERCULTURAL = _ESCO + "7d23c508-c007-4221-bb84-0c9a479b8ea6"  # show intercultural awareness


@dataclass(frozen=True)
class DemoMunicipality:
    slug: str
    """The key of `lokal_contracts.demo.MUNICIPALITIES`, which holds the AGS."""
    name: str
    kind: MunicipalityKind
    population: int
    address: str
    website: str
    problem: str


@dataclass(frozen=True)
class DemoProject:
    slug: str
    municipality: str
    status: ProjectStatus
    title: str
    goal: str
    topic: Topic
    requirements: tuple[Requirement, ...]
    seats: tuple[str, ...]
    duration_months: int
    starts_in_months: int
    work_mode: WorkMode


MUNICIPALITIES = (
    DemoMunicipality(
        "eschwege",
        "Eschwege",
        MunicipalityKind.CITY,
        19_700,
        "Obermarkt 22, 37269 Eschwege",
        "https://www.eschwege.de",
        "Anträge kommen auf Papier und werden im Bürgerbüro abgetippt.",
    ),
    DemoMunicipality(
        "goerlitz",
        "Görlitz",
        MunicipalityKind.CITY,
        56_300,
        "Untermarkt 6–8, 02826 Görlitz",
        "https://www.goerlitz.de",
        "Niemand überblickt, welche Prozesse die Verwaltung hat und wie lange sie dauern.",
    ),
    DemoMunicipality(
        "hof",
        "Hof",
        MunicipalityKind.CITY,
        47_500,
        "Klosterstraße 1, 95028 Hof",
        "https://www.stadt-hof.de",
        "Die kommunale Wärmeplanung braucht Daten, die verstreut in Ämtern liegen.",
    ),
    DemoMunicipality(
        "cottbus",
        "Cottbus/Chóśebuz",
        MunicipalityKind.CITY,
        99_500,
        "Neumarkt 5, 03046 Cottbus",
        "https://www.cottbus.de",
        "Die Verwaltung wächst digital schneller, als ihre Informationssicherheit mitkommt.",
    ),
    DemoMunicipality(
        "flensburg",
        "Flensburg",
        MunicipalityKind.CITY,
        92_500,
        "Rathausplatz 1, 24937 Flensburg",
        "https://www.flensburg.de",
        "Zugewanderte finden die Angebote der Stadt nicht, und die Ämter nicht einander.",
    ),
    DemoMunicipality(
        "halle",
        "Halle (Saale)",
        MunicipalityKind.CITY,
        238_000,
        "Marktplatz 1, 06108 Halle (Saale)",
        "https://www.halle.de",
        "Daten der Stadt liegen in Fachverfahren, die niemand außerhalb abfragen kann.",
    ),
)

P = ProjectStatus
R = Requirement
PROJECTS = (
    DemoProject(
        "eschwege-online-services",
        "eschwege",
        P.PUBLISHED,
        "Digitale Antragsstrecken im Bürgerbüro",
        "Die zehn häufigsten Anträge des Bürgerbüros Ende-zu-Ende digital anbieten.",
        Topic.DIGITALISATION,
        (R(USABILITY, 3, True), R(PROCESS_MODELS, 3, True), R(PROJECT_MANAGEMENT, 2, False)),
        ("E11", "E11", "E13"),
        9,
        3,
        WorkMode.ON_SITE,
    ),
    DemoProject(
        "goerlitz-process-map",
        "goerlitz",
        P.PUBLISHED,
        "Prozesslandkarte der Stadtverwaltung",
        "Die Kernprozesse aller Ämter erfassen, messen und die fünf langsamsten verbessern.",
        Topic.PROCESS_MODERNISATION,
        (
            R(PROCESS_MODELLING, 3, True),
            R(DATA_ANALYSIS, 2, False),
            R(AGILE_PROJECT_MANAGEMENT, 2, False),
        ),
        ("E12", "E11"),
        12,
        4,
        WorkMode.HYBRID,
    ),
    DemoProject(
        "hof-heat-planning",
        "hof",
        P.PUBLISHED,
        "Datengestützte kommunale Wärmeplanung",
        "Einen Wärmeatlas aus den Daten von Stadtwerken, Bauamt und Schornsteinfegern bauen.",
        Topic.CLIMATE,
        (
            R(DATA_ANALYSIS, 3, True),
            R(GIS, 3, True),
            R(ENERGY_EFFICIENCY, 2, False),
            R(PROJECT_MANAGEMENT, 2, True),
        ),
        ("E13", "E12"),
        12,
        3,
        WorkMode.HYBRID,
    ),
    DemoProject(
        "cottbus-information-security",
        "cottbus",
        P.PUBLISHED,
        "Informationssicherheit für die Stadtverwaltung",
        "Ein ISMS nach BSI IT-Grundschutz aufbauen und die größten Risiken zuerst angehen.",
        Topic.DIGITALISATION,
        (
            R(SECURITY_RISKS, 3, True),
            R(SECURITY_STANDARDS, 3, True),
            R(DATA_PROTECTION, 2, True),
            R(SECURITY_LEGISLATION, 2, False),
        ),
        ("E13", "E12", "E11"),
        10,
        5,
        WorkMode.ON_SITE,
    ),
    DemoProject(
        "flensburg-welcome-portal",
        "flensburg",
        P.SUBMITTED,
        "Digitales Willkommensportal für Zugewanderte",
        "Alle Angebote für Zugewanderte an einem Ort, mehrsprachig und mit Terminbuchung.",
        Topic.INTEGRATION,
        (R(USABILITY, 3, True), R(INTERCULTURAL, 3, True), R(DESIGN_THINKING, 2, False)),
        ("E11", "E10"),
        8,
        6,
        WorkMode.HYBRID,
    ),
    DemoProject(
        "halle-open-data",
        "halle",
        P.DRAFT,
        "Open-Data-Portal der Stadt Halle",
        "Die Daten der Fachverfahren maschinenlesbar und datenschutzkonform veröffentlichen.",
        Topic.DIGITALISATION,
        (R(DATA_ANALYSIS, 3, True), R(BIG_DATA, 2, False), R(DATA_PROTECTION, 2, True)),
        ("E12", "E11"),
        9,
        6,
        WorkMode.HYBRID,
    ),
)
