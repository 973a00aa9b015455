"""Every label a reader sees, in French and English, in one place."""

from __future__ import annotations

import os

from .errors import UsageError

LABELS: dict[str, tuple[str, str]] = {
    # key: (fr, en)
    "date": ("Date", "Date"),
    "event": ("Événement", "Event"),
    "forum": ("Instance", "Forum"),
    "body": ("Instance", "Forum"),
    "end_date": ("Fin", "End date"),
    "title_status": ("Statut du titre", "Title status"),
    "short_name": ("Nom court", "Short name"),
    "label": ("Libellé", "Label"),
    "symbol": ("Cote", "Symbol"),
    "kind": ("Type", "Kind"),
    "name": ("Nom", "Name"),
    "country": ("Pays", "Country"),
    "roles": ("Fonctions", "Roles"),
    "events": ("Événements", "Events"),
    "score": ("Score", "Score"),
    "matched": ("Trouvé dans", "Matched in"),
    "id": ("Identifiant", "Id"),
    "title": ("Titre", "Title"),
    "summary": ("Résumé", "Summary"),
    "session": ("Session", "Session"),
    "other_symbols": ("Autres cotes", "Other symbols"),
    "location": ("Lieu", "Location"),
    "actors": ("Acteurs", "Actors"),
    "facts": ("Faits", "Facts"),
    "sources": ("Sources", "Sources"),
    "topics": ("Thèmes", "Topics"),
    "related": ("Voir aussi", "Related"),
    "verification": ("Vérification", "Verification"),
    "aliases": ("Autres noms", "Aliases"),
    "publisher": ("Éditeur", "Publisher"),
    "published": ("Publié", "Published"),
    "language": ("Langue", "Language"),
    "url": ("Adresse", "URL"),
    "description": ("Description", "Description"),
    "quote": ("Citation", "Quote"),
    "synonyms": ("Synonymes", "Synonyms"),
    "verified": ("vérifié", "verified"),
    "info.version": ("Version des données", "Dataset version"),
    "info.hash": ("Empreinte (SHA-256)", "Content hash (SHA-256)"),
    "info.files": ("Fichiers", "Files"),
    "info.range": ("Période couverte", "Date range"),
    "info.by_kind": ("Événements par type", "Events by kind"),
    "info.by_year": ("Événements par année", "Events by year"),
    "info.actors": ("Acteurs par type", "Actors by kind"),
    "info.facts": ("Faits sourcés (dont citations exactes)", "Sourced facts (with exact quotes)"),
    "info.titles": ("Titres : officiels / presse / traductions", "Titles: official / press / translations"),
    "info.user_data": ("données de l'utilisateur", "user data"),
    "partial": ("partiellement vérifié", "partially verified"),
    "status.official": ("officiel", "official"),
    "status.press": ("presse", "press"),
    "status.translation": ("traduction", "translation"),
    "status.unknown": ("statut non indiqué", "status not stated"),
    "fallback": ("en anglais", "in French"),
    "no_events": ("Aucun événement ne correspond.", "No event matches."),
    "no_actors": ("Aucun acteur ne correspond.", "No actor matches."),
    "no_results": ("Aucun résultat pour", "No results for"),
    "more_results": (
        "{shown} résultats affichés sur {total} ; --limit pour en voir plus",
        "showing {shown} of {total} results; use --limit to see more",
    ),
    "explain.folded": ("Mots cherchés (normalisés)", "Words searched (folded)"),
    "explain.expression": ("Expression FTS5", "FTS5 expression"),
    "explain.topics": (
        "Thèmes atteints (libellés et synonymes, fr et en)",
        "Topics reached (labels and synonyms, fr and en)",
    ),
    "explain.fields": ("Champs cherchés", "Fields searched"),
    "explain.none": ("aucun", "none"),
    "valid": ("Données valides", "Data valid"),
    "person": ("personne", "person"),
    "state": ("État", "state"),
    "organization": ("organisation", "organization"),
    "field.title": ("titre", "title"),
    "field.symbol": ("cote", "symbol"),
    "field.facts": ("faits", "facts"),
    "field.actors": ("acteurs", "actors"),
    "field.topics": ("thèmes", "topics"),
    "field.summary": ("résumé", "summary"),
    "export.title": ("Gouvernance internationale de l'IA", "International AI governance"),
    "export.stamp": ("Données govai {version}, empreinte SHA-256 {hash}", "govai dataset {version}, SHA-256 {hash}"),
    "export.written": ("{count} événement(s) écrit(s) dans {path}", "{count} event(s) written to {path}"),
    "export.ics_skipped": (
        "{count} événement(s) sans date au jour près laissé(s) de côté (un calendrier veut des jours)",
        "{count} event(s) not dated to the day left out (a calendar needs days)",
    ),
    "cite.no_sources": ("l'événement {id} ne cite aucune source", "event {id} cites no source"),
    "cite.no_date": ("s.d.", "n.d."),
    # one-line captions of tables and Markdown: what was asked and what was found
    "caption.search": ("{count} pour « {text} »", "{count} for “{text}”"),
    "caption.of_total": ("{count} (sur {total})", "{count} (of {total})"),
    "caption.country": ("pays : {value}", "country: {value}"),
    "caption.body": ("instance : {value}", "forum: {value}"),
    "caption.actor": ("acteur : {value}", "actor: {value}"),
    "caption.topic": ("thème : {value}", "topic: {value}"),
    "caption.kind": ("type : {value}", "kind: {value}"),
    "caption.since": ("depuis {value}", "from {value}"),
    "caption.until": ("jusqu'à {value}", "until {value}"),
    "caption.record": ("{kind} {id}", "{kind} {id}"),
    "record.event": ("Événement", "Event"),
    "record.actor": ("Acteur", "Actor"),
    "record.source": ("Source", "Source"),
    "record.topic": ("Thème", "Topic"),
    "strip.peak": ("max. {count} par an", "max {count} a year"),
    "strip.peak_step": ("max. {count} par période de {step} ans", "max {count} per {step} years"),
    "group.no_forum": ("Sans instance", "No forum"),
}

# Counted nouns: key -> ((fr singular, fr plural), (en singular, en plural)); French uses the
# singular for 0 and 1, English for 1 only.
PLURALS: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "events": (("{n} événement", "{n} événements"), ("{n} event", "{n} events")),
    "results": (("{n} résultat", "{n} résultats"), ("{n} result", "{n} results")),
    "actors": (("{n} acteur", "{n} acteurs"), ("{n} actor", "{n} actors")),
}

# Usage errors about output options, with {placeholders}.
MESSAGES: dict[str, tuple[str, str]] = {
    "fields.unknown": (
        "--fields : champ inconnu « {name} ».{hint} Champs possibles : {valid}.",
        "--fields: unknown field '{name}'.{hint} Valid fields: {valid}.",
    ),
    "fields.empty": (
        "--fields : aucun champ donné ; par exemple --fields id,date,title. Champs possibles : {valid}.",
        "--fields: no field given; e.g. --fields id,date,title. Valid fields: {valid}.",
    ),
    "fields.table": (
        "--fields choisit les colonnes de --format json, ndjson, csv ou md, pas du tableau",
        "--fields picks the columns of --format json, ndjson, csv or md, not of the table",
    ),
    "group.not_table": (
        "--group regroupe les lignes du tableau : il ne vaut qu'avec --format table",
        "--group groups the rows of the table: it applies to --format table only",
    ),
    "raw_csv.not_csv": (
        "--raw-csv ne vaut qu'avec --format csv",
        "--raw-csv applies to --format csv only",
    ),
    "did_you_mean": (" Vouliez-vous dire {choices} ?", " Did you mean {choices}?"),
    "or": (" ou ", " or "),
}

MONTH_NAMES: dict[str, tuple[str, ...]] = {
    "fr": (
        "janvier", "février", "mars", "avril", "mai", "juin",
        "juillet", "août", "septembre", "octobre", "novembre", "décembre",
    ),
    "en": (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
}  # fmt: skip

ROLE_LABELS: dict[str, tuple[str, str]] = {
    "sponsor": ("auteur principal", "sponsor"),
    "co-sponsor": ("coauteur", "co-sponsor"),
    "presenter": ("présentation", "presenter"),
    "speaker": ("orateur", "speaker"),
    "chair": ("présidence", "chair"),
    "co-chair": ("coprésidence", "co-chair"),
    "host": ("hôte", "host"),
    "co-host": ("co-hôte", "co-host"),
    "convener": ("organisateur", "convener"),
    "organizer": ("organisateur", "organizer"),
    "participant": ("participant", "participant"),
    "signatory": ("signataire", "signatory"),
    "endorser": ("soutien", "endorser"),
    "member": ("membre", "member"),
    "author": ("auteur", "author"),
    "appointee": ("nommé", "appointee"),
    "briefer": ("intervenant", "briefer"),
    "spokesperson": ("porte-parole", "spokesperson"),
    "opposed": ("contre", "opposed"),
    "abstained": ("abstention", "abstained"),
    "subject": ("concerné", "subject"),
}

KIND_LABELS: dict[str, tuple[str, str]] = {
    "resolution": ("résolution", "resolution"),
    "statement": ("déclaration conjointe", "statement"),
    "declaration": ("déclaration", "declaration"),
    "meeting": ("réunion", "meeting"),
    "summit": ("sommet", "summit"),
    "conference": ("conférence", "conference"),
    "dialogue": ("dialogue", "dialogue"),
    "initiative": ("initiative", "initiative"),
    "report": ("rapport", "report"),
    "consultation": ("consultation", "consultation"),
    "recommendation": ("recommandation", "recommendation"),
    "principles": ("principes", "principles"),
    "treaty": ("traité", "treaty"),
    "law": ("loi", "law"),
    "appointment": ("nomination", "appointment"),
    "establishment": ("création", "establishment"),
    "launch": ("lancement", "launch"),
    "other": ("autre", "other"),
}


def label(key: str, lang: str, table: dict[str, tuple[str, str]] = LABELS) -> str:
    pair = table.get(key)
    if pair is None:
        return key
    return pair[0] if lang == "fr" else pair[1]


def plural(key: str, count: int, lang: str) -> str:
    """``3 événements`` / ``1 event``: the counted noun of ``key`` in ``lang``."""
    fr, en = PLURALS[key]
    one, other = fr if lang == "fr" else en
    singular = count <= 1 if lang == "fr" else count == 1
    return (one if singular else other).format(n=count)


def message(key: str, lang: str, **params: str) -> str:
    """A message of MESSAGES in ``lang`` with its placeholders filled."""
    return label(key, lang, MESSAGES).format(**params)


def resolve_lang(option: str | None) -> str:
    """--lang, else GOVAI_LANG, else the locale, else French."""
    for value, origin in ((option, "--lang"), (os.environ.get("GOVAI_LANG"), "GOVAI_LANG")):
        if value:
            lang = value.strip().lower()
            if lang not in ("fr", "en"):
                raise UsageError(f"{origin}: unknown language '{value}'; use fr or en")
            return lang
    # The first locale variable set decides, as for gettext: LC_ALL, then LC_MESSAGES, then LANG.
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        if value:
            return value[:2] if value[:2] in ("fr", "en") else "fr"
    return "fr"
