"""Build the default competence catalogue shipped with the people service.

Run from the repository root when the ESCO extracts or the roles change:

    uv run python services/people/tools/build_catalogue.py ../shared/data

It writes `src/lokal_people/catalogue/esco-competences.csv`: every ESCO ICT skill,
plus the transversal skills the roles in `roles.json` need, looked up by URI in the
complete ESCO skill list. The service reads only the written file, never the sources.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path

CATALOGUE = Path(__file__).parents[1] / "src" / "lokal_people" / "catalogue"
COLUMNS = ["uri", "label", "alt_labels", "skill_type", "broader", "description"]
SKILL = "http://data.europa.eu/esco/skill/"

# The complete list runs label, alternative labels and description together in one
# field, so the preferred label and the type of each transversal skill are named here.
TRANSVERSAL = {
    "cd5efa8c-e44d-4cbc-91c6-796018dbed68": ("perform project management", "skill"),
    "7111b95d-0ce3-441a-9d92-4c75d05c4388": ("project management", "knowledge"),
    "0a9acb6b-1139-4be9-b431-3a80a959f2f4": ("Agile project management", "knowledge"),
    "1af2db15-2af9-44dd-9639-bf1fc69d4c34": ("manage relationships with stakeholders", "skill"),
    "6eff134b-e34f-4d6e-a6e8-5e47cf2228d0": ("risk management", "knowledge"),
    "dccbdbb8-7266-4fb4-a4cf-29056f102f12": ("budget for financial needs", "skill"),
    "1f1d2ff8-c4c1-45cc-9812-6a7ee84a73cb": ("lead a team", "skill"),
    "98301d4a-2cc3-439d-8d7f-0b6ac76302bb": ("business process modelling", "knowledge"),
    "9e84a506-df06-4be3-874a-fa01293e3dd5": ("business processes", "knowledge"),
    "10026df1-670d-4c75-b3d5-ee0037f9d59b": ("lead process optimisation", "skill"),
    "d39022ab-d102-4720-b689-540d6f056b17": ("public administration", "knowledge"),
    "2be699a7-416a-4f32-967c-4edc65027b71": ("government policy implementation", "knowledge"),
    "3c03ee71-4a23-448f-b79e-81fd75d27dca": ("apply change management", "skill"),
    "5b46f572-7ced-4efd-b270-a81a164d521c": ("moderate a discussion", "skill"),
    "c6c1af60-9594-460c-a328-00f9ad292be0": ("coaching techniques", "knowledge"),
    "477173ca-5fc2-406b-9122-95d92811f284": ("communicate with stakeholders", "skill"),
    "0fdc32f8-d7f4-48c3-895a-5aefc23a44b4": ("perform ideation activities", "skill"),
    "28722c99-68b7-4b7b-808f-53f343299935": ("provide mentorship", "skill"),
    "65e58886-bd1e-4c5b-8ca5-8d9b353c8aa1": ("data visualisation software", "knowledge"),
    "7ee4c2ea-b349-4bd2-81a3-ec31475d4833": ("statistics", "knowledge"),
    "07dd856d-6141-48a7-a228-918f88494812": (
        "create prototype of user experience solutions",
        "skill",
    ),
    "df64a7cc-2e96-4304-95d3-56fe0ac2dd39": ("design thinking", "knowledge"),
    "66d47084-9437-48b2-819b-c4c8214ed650": ("interview people", "skill"),
    "670c79e9-aa33-41ae-9858-573ade0adb89": ("interview focus groups", "skill"),
    "be0ff6d8-5e61-4021-9c89-e40cf0b75cc6": ("measure software usability", "skill"),
    "9b862976-aa05-4bde-8ed6-8f39790edd0f": ("procurement legislation", "knowledge"),
    "3bc08c26-2f98-4730-bbb6-ec4a8566e3cf": ("procurement lifecycle", "knowledge"),
    "6789d5a3-34ca-4417-bb93-331319b01da3": ("draft tender documentation", "skill"),
    "8faefbc1-4745-4b3f-9889-81cd1d40b67c": ("evaluate tender", "skill"),
    "4b2c4de9-43d7-4905-9d58-bc2e7d84b2e1": ("manage tender processes", "skill"),
    "378caeec-10a0-4162-b75c-ab374a42e93d": ("e-procurement", "knowledge"),
    "99c4c69a-025c-464f-adda-874c7f107a31": ("engage with stakeholders", "skill"),
    "d0f2f8a7-d935-4a6d-8e54-dcc3e5e2cbeb": ("present reports", "skill"),
    "082967d4-b94c-4305-aa13-35a6aa8c5c7c": ("cooperate with colleagues", "skill"),
    # named by the demo projects: process maps, security, heat planning, integration
    "6a7792a9-888a-46ad-afc9-2c0d94c8fde6": ("create business process models", "skill"),
    "7814e88f-c133-4c3b-b27f-857afa145d42": ("ICT security legislation", "knowledge"),
    "377861af-f966-4c87-a2db-7e99904312b9": ("geographic information systems", "knowledge"),
    "83fc0b2b-6cd2-46af-b1ff-d3fc83604c26": ("energy efficiency", "knowledge"),
    "7d23c508-c007-4221-bb84-0c9a479b8ea6": ("show intercultural awareness", "skill"),
}
# Where the heuristic below would start the description too early or miss it.
DESCRIPTION_STARTS = {
    "0a9acb6b-1139-4be9-b431-3a80a959f2f4": "The agile project management approach",
    "65e58886-bd1e-4c5b-8ca5-8d9b353c8aa1": "A computer tool",
}
_SENTENCE = re.compile(r"(?<= )[A-Z][a-z]")


def description(text: str, key: str, label: str) -> str:
    """The description is the sentence that follows the run of (lower-case) labels."""
    if key in DESCRIPTION_STARTS:
        return text[text.index(DESCRIPTION_STARTS[key]) :].strip()
    match = _SENTENCE.search(text, len(label))
    return text[match.start() :].strip() if match else ""


def main(shared: Path) -> None:
    with (shared / "esco-ict-skills-en.csv").open(newline="") as file:
        rows = [{column: row[column] for column in COLUMNS} for row in csv.DictReader(file)]
    with (shared / "esco-skills-all-en.csv").open(newline="") as file:
        everything = {row["id"]: row["description"] for row in csv.DictReader(file)}
    known = {row["uri"] for row in rows}
    roles = json.loads((CATALOGUE / "roles.json").read_text())
    needed = {uri for role in roles for uri, _ in role["competences"]} | {
        SKILL + key for key in TRANSVERSAL
    }
    for uri in sorted(needed - known):
        key = uri.removeprefix(SKILL)
        if key not in TRANSVERSAL or uri not in everything:
            raise SystemExit(f"{uri} is neither an ICT skill nor a known transversal skill")
        label, kind = TRANSVERSAL[key]
        text = everything[uri]
        if not text.startswith(label):
            raise SystemExit(f"{uri}: the ESCO text does not start with {label!r}")
        rows.append(
            {
                "uri": uri,
                "label": label,
                "alt_labels": "",
                "skill_type": kind,
                "broader": "",
                "description": description(text, key, label),
            }
        )
    rows.sort(key=lambda row: row["uri"])
    with (CATALOGUE / "esco-competences.csv").open("w", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} competences, {len(rows) - len(known)} of them transversal")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("../shared/data"))
