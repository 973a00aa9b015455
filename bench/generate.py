"""Generate a synthetic govai dataset in the data layout, for benchmarks.

Usage: python bench/generate.py N OUT_DIR [--shape bench|issue]   (e.g. 100000 bench/out/100k)

One file per event under OUT_DIR/events/, plus actors.yaml, sources.yaml and topics.yaml;
bilingual text with accents, ligatures and typographic apostrophes. Deterministic (seeded),
so runs compare like with like. Nothing here is a fact: it only has the shape of the data.

Two shapes:

- ``bench`` (the default, the first one): every event has 2 topics of 5, 2 actors of 206, one
  fact, 2 sources of 1,000; ``égalité des sexes`` matches about 80% of the events.
- ``issue`` (issue 18's): 2–3 topics of the bundled 26, 1–3 actors of 10,000 with roles,
  1–2 facts with quotes, 1–3 sources of 33,333 (in files of at most 10,000: ``sources.yaml``
  and ``sources-N.yaml``), 0–4 ``related`` links; ``égalité des sexes`` matches about 16%.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

FR_WORDS = (
    "égalité des sexes", "renforcement des capacités", "fracture numérique", "mise en œuvre",
    "coopération internationale", "éthique de l’intelligence artificielle", "sécurité", "droits de l’homme",
    "développement durable", "gouvernance mondiale", "pays en développement", "société civile",
    "transparence", "responsabilité", "données", "innovation", "santé", "éducation", "cœur du débat",
    "l’IA générative", "d’après les États membres", "inclusion numérique", "confiance", "normes",
)  # fmt: skip
EN_WORDS = (
    "gender equality", "capacity-building", "digital divide", "implementation", "international cooperation",
    "ethics of artificial intelligence", "safety", "human rights", "sustainable development",
    "global governance", "developing countries", "civil society", "transparency", "accountability",
    "data", "innovation", "health", "education", "generative AI", "Member States", "digital inclusion",
    "trust", "standards", "œuvre and naïve café",
)  # fmt: skip
KINDS = ("resolution", "statement", "meeting", "summit", "report", "initiative", "declaration")
STATES = (("china", "CN", "Chine", "China"), ("france", "FR", "France", "France"),
          ("united-states", "US", "États-Unis", "United States"), ("india", "IN", "Inde", "India"),
          ("kenya", "KE", "Kenya", "Kenya"), ("brazil", "BR", "Brésil", "Brazil"))  # fmt: skip
BODIES = (("unga", "Assemblée générale", "General Assembly"), ("hrc", "Conseil des droits de l’homme",
          "Human Rights Council"), ("unesco", "UNESCO", "UNESCO"), ("oecd", "OCDE", "OECD"))  # fmt: skip
PEOPLE = 200
SOURCES = 1000
TOPICS = Path(__file__).resolve().parents[1] / "data" / "topics.yaml"


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def phrase(rng: random.Random, words: tuple[str, ...], n: int) -> str:
    return " ".join(rng.choice(words) for _ in range(n))


def _head(rng: random.Random, i: int, event_id: str, date: str, french: tuple[str, ...]) -> list[str]:
    """An event's first lines, the same in both shapes: id, date, kind, forum, symbol, title."""
    return [
        f"id: {event_id}",
        f"date: {date}",
        f"kind: {rng.choice(KINDS)}",
        f"body: {rng.choice(BODIES)[0]}",
        f'symbol: "A/RES/{rng.randint(50, 80)}/{i}"',
        "title:",
        f"  fr: {{text: {quote('Résolution sur ' + phrase(rng, french, 3))}, status: official}}",
        f"  en: {{text: {quote('Resolution on ' + phrase(rng, EN_WORDS, 3))}, status: translation}}",
    ]


def event(i: int, rng: random.Random) -> tuple[str, str]:
    year = rng.randint(1995, 2026)
    month = rng.randint(1, 12)
    day = rng.randint(1, 28)
    precision = rng.random()
    date = f"{year}-{month:02d}-{day:02d}"
    if precision < 0.2:
        date = f"{year}" if precision < 0.05 else f"{year}-{month:02d}"
    event_id = f"event-{i:06d}"
    topic_ids = rng.sample(("gender-equality", "capacity-building", "digital-divide", "ai-ethics", "human-rights"), 2)
    actor_ids = [rng.choice(STATES)[0], f"person-{rng.randrange(PEOPLE):04d}"]
    source_ids = sorted({f"source-{rng.randrange(SOURCES):05d}" for _ in range(2)})
    lines = [
        *_head(rng, i, event_id, date, FR_WORDS),
        "summary:",
        f"  fr: {quote(phrase(rng, FR_WORDS, 12) + '.')}",
        f"  en: {quote(phrase(rng, EN_WORDS, 12) + '.')}",
        f"topics: [{', '.join(topic_ids)}]",
        "actors:",
        *(f"  - {{id: {a}, role: {rng.choice(('sponsor', 'speaker', 'participant'))}}}" for a in actor_ids),
        "facts:",
        f"  - text: {{fr: {quote(phrase(rng, FR_WORDS, 5))}, en: {quote(phrase(rng, EN_WORDS, 5))}}}",
        f"    source: {source_ids[0]}",
        f"    quote: {quote(phrase(rng, FR_WORDS, 6))}",
        f"sources: [{', '.join(source_ids)}]",
        "verification: verified",
    ]
    return f"{date}-{event_id}.yaml", "\n".join(lines) + "\n"


def _states_and_bodies() -> list[str]:
    """The actors both shapes share: the states and the forums, as YAML lines."""
    states = [
        f"- {{id: {i}, kind: state, name: {{fr: {quote(fr)}, en: {quote(en)}}}, country: {code}}}"
        for i, code, fr, en in STATES
    ]
    bodies = [f"- {{id: {i}, kind: organization, name: {{fr: {quote(fr)}, en: {quote(en)}}}}}" for i, fr, en in BODIES]
    return states + bodies


def write_vocabulary(out: Path, rng: random.Random) -> None:
    """actors.yaml, sources.yaml and topics.yaml of a synthetic dataset."""
    actors = _states_and_bodies()
    actors += [
        f"- {{id: person-{p:04d}, kind: person, name: {{fr: {quote(f'Personne Ñº{p} Lefèvre')}, "
        f"en: {quote(f'Person {p} Lefèvre')}}}, country: {rng.choice(STATES)[1]}}}"
        for p in range(PEOPLE)
    ]
    (out / "actors.yaml").write_text("\n".join(actors) + "\n", encoding="utf-8")
    sources = [
        f"- {{id: source-{s:05d}, description: {quote(f'Synthetic source {s}')}, language: fr, kind: news}}"
        for s in range(SOURCES)
    ]
    (out / "sources.yaml").write_text("\n".join(sources) + "\n", encoding="utf-8")
    shutil.copy(TOPICS, out / "topics.yaml")


# -- issue 18's shape

ISSUE_ACTORS = 10_000
ISSUE_SOURCES = 33_333
SOURCES_PER_FILE = 10_000
PHRASE = "égalité des sexes"  # also the label of the topic gender-equality
FR_OTHER = tuple(w for w in FR_WORDS if w != PHRASE)
ROLES = ("sponsor", "co-sponsor", "speaker", "participant", "author", "host", "signatory", "member")


def _topic_ids() -> list[str]:
    lines = TOPICS.read_text(encoding="utf-8").splitlines()
    return [line.removeprefix("- id: ").strip() for line in lines if line.startswith("- id: ")]


def _actor_id(a: int) -> str:
    if a < len(STATES):
        return STATES[a][0]
    if a < len(STATES) + len(BODIES):
        return BODIES[a - len(STATES)][0]
    return f"actor-{a:05d}"


def issue_event(i: int, count: int, rng: random.Random, topics: list[str]) -> tuple[str, str]:
    """One event of issue 18's shape (see the module's docstring)."""
    year, month, day = rng.randint(1995, 2026), rng.randint(1, 12), rng.randint(1, 28)
    date = f"{year}-{month:02d}-{day:02d}" if rng.random() > 0.2 else f"{year}-{month:02d}"
    event_id = f"event-{i:06d}"
    summary_fr = phrase(rng, FR_OTHER, 12)
    if rng.random() < 0.069:  # with the topic (2-3 of 26), about 16% of events match the phrase
        summary_fr = f"{summary_fr} et {PHRASE}"
    source_ids = sorted({f"source-{rng.randrange(ISSUE_SOURCES):05d}" for _ in range(rng.randint(1, 3))})
    actor_ids = sorted({_actor_id(rng.randrange(ISSUE_ACTORS)) for _ in range(rng.randint(1, 3))})
    facts = []
    for _ in range(rng.randint(1, 2)):
        facts += [
            f"  - text: {{fr: {quote(phrase(rng, FR_OTHER, 5))}, en: {quote(phrase(rng, EN_WORDS, 5))}}}",
            f"    source: {rng.choice(source_ids)}",
            f"    quote: {quote(phrase(rng, EN_WORDS, 6))}",
        ]
    related = sorted({f"event-{rng.randrange(count):06d}" for _ in range(rng.randint(0, 4))} - {event_id})
    lines = [
        *_head(rng, i, event_id, date, FR_OTHER),
        "summary:",
        f"  fr: {quote(summary_fr + '.')}",
        f"  en: {quote(phrase(rng, EN_WORDS, 12) + '.')}",
        f"topics: [{', '.join(rng.sample(topics, rng.randint(2, 3)))}]",
        "actors:",
        *(f"  - {{id: {a}, role: {rng.choice(ROLES)}}}" for a in actor_ids),
        "facts:",
        *facts,
        f"sources: [{', '.join(source_ids)}]",
        *([f"related: [{', '.join(related)}]"] if related else []),
        "verification: verified",
    ]
    return f"{date}-{event_id}.yaml", "\n".join(lines) + "\n"


def write_issue_vocabulary(out: Path, rng: random.Random) -> None:
    """10,000 actors; 33,333 sources in files of at most 10,000; the bundled topics."""
    actors = _states_and_bodies()
    for a in range(len(actors), ISSUE_ACTORS):
        kind = "person" if a % 3 else "organization"
        country = f", country: {rng.choice(STATES)[1]}" if kind == "person" else ""
        actors.append(
            f"- {{id: actor-{a:05d}, kind: {kind}, name: {{fr: {quote(f'Acteur Ñº{a} Lefèvre')}, "
            f"en: {quote(f'Actor {a} Lefèvre')}}}{country}}}"
        )
    (out / "actors.yaml").write_text("\n".join(actors) + "\n", encoding="utf-8")
    for start in range(0, ISSUE_SOURCES, SOURCES_PER_FILE):
        rows = [
            f"- {{id: source-{s:05d}, description: {quote(f'Synthetic source {s}')}, language: fr, kind: news}}"
            for s in range(start, min(start + SOURCES_PER_FILE, ISSUE_SOURCES))
        ]
        if start == 0:
            (out / "sources.yaml").write_text("\n".join(rows) + "\n", encoding="utf-8")
        else:  # a mixed data file: its lists under their names
            text = "sources:\n" + "".join(f"  {row}\n" for row in rows)
            (out / f"sources-{start // SOURCES_PER_FILE + 1}.yaml").write_text(text, encoding="utf-8")
    shutil.copy(TOPICS, out / "topics.yaml")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--shape", choices=("bench", "issue"), default="bench")
    args = parser.parse_args()
    count, out = args.count, args.out
    rng = random.Random(20261123)
    if out.exists():
        shutil.rmtree(out)
    (out / "events").mkdir(parents=True)
    if args.shape == "bench":
        write_vocabulary(out, rng)
        for i in range(count):
            name, text = event(i, rng)
            (out / "events" / name).write_text(text, encoding="utf-8")
        return
    write_issue_vocabulary(out, rng)
    topics = _topic_ids()
    for i in range(count):
        name, text = issue_event(i, count, rng, topics)
        (out / "events" / name).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
