"""Generate a synthetic govai dataset in the data layout, for benchmarks.

Usage: python bench/generate.py N OUT_DIR   (e.g. 100000 bench/out/100k)

One file per event under OUT_DIR/events/, plus actors.yaml, sources.yaml and topics.yaml;
bilingual text with accents, ligatures and typographic apostrophes. Deterministic (seeded),
so runs compare like with like. Nothing here is a fact: it only has the shape of the data.
"""

from __future__ import annotations

import random
import shutil
import sys
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
        f"id: {event_id}",
        f"date: {date}",
        f"kind: {rng.choice(KINDS)}",
        f"body: {rng.choice(BODIES)[0]}",
        f'symbol: "A/RES/{rng.randint(50, 80)}/{i}"',
        "title:",
        f"  fr: {{text: {quote('Résolution sur ' + phrase(rng, FR_WORDS, 3))}, status: official}}",
        f"  en: {{text: {quote('Resolution on ' + phrase(rng, EN_WORDS, 3))}, status: translation}}",
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


def write_vocabulary(out: Path, rng: random.Random) -> None:
    """actors.yaml, sources.yaml and topics.yaml of a synthetic dataset."""
    actors = [
        f"- {{id: {i}, kind: state, name: {{fr: {quote(fr)}, en: {quote(en)}}}, country: {code}}}"
        for i, code, fr, en in STATES
    ]
    actors += [f"- {{id: {i}, kind: organization, name: {{fr: {quote(fr)}, en: {quote(en)}}}}}" for i, fr, en in BODIES]
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


def main() -> None:
    count, out = int(sys.argv[1]), Path(sys.argv[2])
    rng = random.Random(20261123)
    if out.exists():
        shutil.rmtree(out)
    (out / "events").mkdir(parents=True)
    write_vocabulary(out, rng)
    for i in range(count):
        name, text = event(i, rng)
        (out / "events" / name).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
