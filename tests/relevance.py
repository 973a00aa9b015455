"""The relevance set: natural questions a reader asks, and what must come up in the top 3.

Chosen by reading the data (data/events/*.yaml, data/actors.yaml), not by what govai answered:
``top3`` ids must all be among the first three results; ``any3``: at least one of them must
(a question with several right answers, such as « résolutions »). ``tests/test_relevance.py``
holds every case; ``bench/relevance.py`` reports MRR and top-1/top-3 rates over them.
"""

from __future__ import annotations

from typing import NamedTuple


class Case(NamedTuple):
    query: str
    top3: tuple[str, ...] = ()  # each must be in the first three
    any3: tuple[str, ...] = ()  # one at least must be in the first three
    note: str = ""


RESOLUTIONS = (
    "agenda-2030", "unesco-gc40-mandate", "hrc-res-53-29-digital-technologies", "ares-78-241-laws", "ares-78-265",
    "ares-78-311", "pact-for-the-future-gdc", "hrc57-beijing30-resolution", "ares-79-62-laws",
    "ares-79-239-ai-military", "ares-79-325-scientific-panel-global-dialogue", "ga-laws-resolution-80th-session",
    "ga-ai-nuclear-command-control-resolution", "ares-80-173-wsis20-review",
)  # fmt: skip
SUMMITS = (
    "ai-for-good-summit-2017", "reaim-the-hague", "g7-hiroshima-summit-haip", "gpai-new-delhi-summit-2023",
    "ai-seoul-summit", "ai-for-good-summit-2024", "g7-apulia-summit-ai", "reaim-seoul-blueprint-for-action",
    "gpai-belgrade-summit", "paris-ai-action-summit", "ai-for-good-summit-2025", "g20-johannesburg-leaders-declaration",
    "ai-impact-summit-new-delhi", "ai-for-good-summit-2026",
)  # fmt: skip
HRC_STATEMENTS = (
    "hrc53-joint-statement-ai-disability", "hrc55-joint-statement-ai-children", "hrc56-joint-statement-ai-women",
    "hrc59-joint-statement-ai-accessibility",
)  # fmt: skip
EU_AI_ACT = (
    "ep-adopts-ai-act", "council-adopts-ai-act", "eu-ai-act-in-force", "eu-ai-act-prohibitions-apply",
    "eu-ai-act-gpai-obligations-apply", "eu-ai-act-general-application",
)  # fmt: skip
UNESCO = (
    "unesco-gc40-mandate", "unesco-aheg-first-meeting", "unesco-multistakeholder-consultation",
    "unesco-dg-roadmap-dialogue", "unesco-recommendation-ethics-ai", "unesco-global-forum-ethics-ai-1",
    "unesco-global-forum-ethics-ai-2", "unesco-global-forum-ethics-ai-3",
)  # fmt: skip
LAWS = ("ares-78-241-laws", "ares-79-62-laws", "ga-laws-resolution-80th-session")
SCIENTIFIC_PANEL = (
    "ares-79-325-scientific-panel-global-dialogue", "scientific-panel-appointed", "scientific-panel-first-meeting",
    "scientific-panel-preliminary-report",
)  # fmt: skip
HLAB = ("hlab-ai-launch", "hlab-interim-report", "hlab-final-report")
COE_CONVENTION = (
    "coe-framework-convention-adopted",
    "coe-convention-opened-for-signature",
    "eu-ratifies-coe-ai-convention",
)
HIROSHIMA = (
    "g7-hiroshima-summit-haip", "g7-haip-principles-code", "haip-friends-group", "haip-reporting-framework-launch",
    "haip-friends-group-second-meeting",
)  # fmt: skip

CASES = (
    # Symbols and their fragments (issue 14).
    Case("A/RES/78/311", top3=("ares-78-311",)),
    Case("a/res/78/311", top3=("ares-78-311",), note="case does not matter"),
    Case("78/311", top3=("ares-78-311",)),
    Case("résolution 78/311", top3=("ares-78-311",)),
    Case("resolution 78/311", top3=("ares-78-311",)),
    Case("78/241", top3=("ares-78-241-laws",)),
    Case("79/62", top3=("ares-79-62-laws",)),
    Case("A/HRC/RES/53/29", top3=("hrc-res-53-29-digital-technologies",)),
    Case("53/29", top3=("hrc-res-53-29-digital-technologies",)),
    Case("A/RES/70/1", top3=("agenda-2030",)),
    Case("2024/1689", any3=EU_AI_ACT),
    # Names of instruments, in both languages.
    Case("UNESCO Recommendation on the Ethics of AI", top3=("unesco-recommendation-ethics-ai",)),
    Case("recommandation sur l'éthique de l'intelligence artificielle", top3=("unesco-recommendation-ethics-ai",)),
    Case("when was the UNESCO Recommendation adopted", top3=("unesco-recommendation-ethics-ai",)),
    Case("quand a été adoptée la recommandation de l'UNESCO", top3=("unesco-recommendation-ethics-ai",)),
    Case("LAWS", top3=("ares-78-241-laws",)),
    Case("armes létales autonomes", top3=("ares-78-241-laws",), note="« systèmes d'armes létaux autonomes »"),
    Case("lethal autonomous weapons", any3=LAWS),
    Case("systèmes d'armes létaux autonomes", any3=LAWS),
    Case("Bletchley Declaration", top3=("bletchley-declaration",)),
    Case("déclaration de Bletchley", top3=("bletchley-declaration",)),
    Case("Pacte numérique mondial", top3=("pact-for-the-future-gdc",)),
    Case("Global Digital Compact", top3=("pact-for-the-future-gdc",)),
    Case("Global AI Governance Initiative", top3=("china-global-ai-governance-initiative",)),
    Case("Shanghai Declaration", top3=("waic-2024-shanghai-declaration",)),
    Case("framework convention on artificial intelligence", any3=COE_CONVENTION),
    Case("convention-cadre du Conseil de l'Europe", any3=COE_CONVENTION),
    Case("AI Act", any3=EU_AI_ACT),
    Case("règlement sur l'intelligence artificielle", any3=EU_AI_ACT),
    Case("Hiroshima AI Process", any3=HIROSHIMA),
    Case("processus d'Hiroshima", any3=HIROSHIMA),
    Case("OECD AI Principles", any3=("oecd-ai-recommendation", "oecd-ai-principles-revised")),
    Case("Programme d'action de Beijing", top3=("fwcw-beijing",)),
    Case("Agenda 2030", top3=("agenda-2030",)),
    # Kinds of events, singular and plural (issue 14).
    Case("déclarations conjointes", any3=HRC_STATEMENTS),
    Case("joint statements", any3=HRC_STATEMENTS),
    Case("résolutions", any3=RESOLUTIONS),
    Case("resolutions", any3=RESOLUTIONS),
    Case("sommets", any3=SUMMITS),
    Case("summits", any3=SUMMITS),
    Case("AI summits", any3=SUMMITS),
    # Bodies, people and subjects.
    Case("groupe scientifique international indépendant", any3=SCIENTIFIC_PANEL),
    Case("scientific panel", any3=SCIENTIFIC_PANEL),
    Case("High-level Advisory Body on AI", any3=HLAB),
    Case("organe consultatif de haut niveau", any3=HLAB),
    Case("Amandeep Gill", top3=("tech-envoy-gill",)),
    Case("REAIM", top3=("reaim-the-hague", "reaim-seoul-blueprint-for-action")),
    Case("Kigali", top3=("africa-declaration-ai-kigali",)),
    Case("AI for Good 2024", top3=("ai-for-good-summit-2024",)),
    Case("droits des enfants", top3=("hrc55-joint-statement-ai-children",)),
    Case("children's rights", top3=("hrc55-joint-statement-ai-children",)),
    Case("droits des femmes intelligence artificielle", top3=("hrc56-joint-statement-ai-women",)),
    Case("personnes handicapées", top3=("hrc53-joint-statement-ai-disability",)),
    # Quoted phrases with elisions (issue 14).
    Case('"droits de l\'homme"', any3=("hrc-res-53-29-digital-technologies", "hrc57-beijing30-resolution")),
    Case('"Conseil de l\'Europe"', any3=("coe-cahai", *COE_CONVENTION)),
    # Actors' own facts (CGTN seed's photo captions): the row's id is the actor's.
    Case("Fu Cong Conseil de sécurité", top3=("fu-cong",)),
    Case("Security Council 29 May 2024", top3=("fu-cong",)),
    Case("Chen Xu EPU", top3=("chen-xu",)),
    Case("UPR Chen Xu", top3=("chen-xu",)),
    # Typos.
    Case("unseco", any3=UNESCO),
    Case("unseco recommendation", top3=("unesco-recommendation-ethics-ai",)),
    Case("chnia human rights council", any3=HRC_STATEMENTS),
    Case("Bletchly", top3=("bletchley-declaration",)),
    Case("etique de l ia", any3=UNESCO, note="no accents, no apostrophe"),
)
