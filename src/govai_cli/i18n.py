"""Every label a reader sees, in French and English, in one place."""

from __future__ import annotations

from collections.abc import Sequence

LABELS: dict[str, tuple[str, str]] = {
    # key: (fr, en)
    "date": ("Date", "Date"),
    "event": ("Événement", "Event"),
    "forum": ("Instance", "Forum"),
    "body": ("Instance", "Forum"),
    "end_date": ("Fin", "End date"),
    "title_status": ("Statut du titre", "Title status"),
    "title_note": ("Note sur le titre", "Title note"),
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
    "verification_note": ("Note de vérification", "Verification note"),
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
    "info.titles": (
        "Titres : officiels / descriptifs / presse / traductions",
        "Titles: official / descriptive / press / translations",
    ),
    "info.user_data": ("données de l'utilisateur", "user data"),
    "info.bundled": ("Données fournies", "Bundled data"),
    "info.folders": ("Données utilisées", "Data in use"),
    "partial": ("partiellement vérifié", "partially verified"),
    "status.official": ("officiel", "official"),
    "status.descriptive": ("descriptif", "descriptive"),
    "status.press": ("presse", "press"),
    "status.translation": ("traduction", "translation"),
    "status.unknown": ("statut non indiqué", "status not stated"),
    "fallback": ("en anglais", "in French"),
    "no_events": ("Aucun événement ne correspond.", "No event matches."),
    "no_actors": ("Aucun acteur ne correspond.", "No actor matches."),
    "no_results": ("Aucun résultat pour « {text} »", "No results for “{text}”"),
    "partial_results": (
        "aucun événement n'a tous ces mots : voici ceux qui en ont le plus",
        "no event has all these words: here are those with the most of them",
    ),
    "caption.corrected": ("corrigé : {pairs}", "corrected: {pairs}"),
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
    "explain.tiers": ("Paliers du classement", "Ranking tiers"),
    "explain.hit_tiers": ("Palier de chaque résultat", "Tier of each result"),
    "tier.symbol": ("cote exacte", "exact symbol"),
    "tier.symbol_fragment": ("fragment de cote", "symbol fragment"),
    "tier.title_phrase": ("expression dans le titre", "title phrase"),
    "tier.title_words": ("mots dans le titre, le type ou les acteurs", "words in title, kind or actors"),
    "tier.rest": ("le reste (bm25 pondéré)", "the rest (weighted bm25)"),
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
    "field.kind": ("type", "kind"),
    "export.title": ("Gouvernance internationale de l'IA", "International AI governance"),
    "export.stamp": ("Données govai {version}, empreinte SHA-256 {hash}", "govai dataset {version}, SHA-256 {hash}"),
    "export.written": ("{count} événement(s) écrit(s) dans {path}", "{count} event(s) written to {path}"),
    "export.written_works": (
        "{count} référence(s) (documents et sources) écrite(s) dans {path}",
        "{count} reference(s) (documents and sources) written to {path}",
    ),
    "export.stdout": ("la sortie standard", "standard output"),
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
    "caption.body_parts": ("instance : {value} et ses organes", "forum: {value} and its bodies"),
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
    # the terminal view: roles in a list filtered by actor or country, sort orders
    "role": ("Rôle", "Role"),
    "role.under": ("rôle : {value}", "role: {value}"),
    "colon": (" : ", ": "),
    # the HTML page (govai export --format html)
    "html.skip": ("Aller à la liste des événements", "Skip to the list of events"),
    "html.language": ("Langue", "Language"),
    "html.timeline": ("Frise chronologique", "Timeline"),
    "html.filters": ("Chercher et filtrer", "Search and filter"),
    "html.search": ("Rechercher", "Search"),
    "html.search_hint": (
        "accents, majuscules et ligatures ignorés : egalite trouve « Égalité »",
        "accents, case and ligatures ignored: egalite finds “Égalité”",
    ),
    "html.years": ("Années", "Years"),
    "html.from": ("De", "From"),
    "html.to": ("À", "To"),
    "html.reset": ("Tout afficher", "Show all"),
    "html.shown": ("Événements affichés :", "Events shown:"),
    "html.brush": (
        "Glissez sur la frise pour choisir des années ; un point pour la date au jour près, un cercle pour le "
        "mois ou l'année, une barre pour une période.",
        "Drag across the timeline to pick years; a dot for a date known to the day, a ring for the month "
        "or year, a bar for a span.",
    ),
    "html.bibliography": ("Bibliographie", "Bibliography"),
    "html.back": ("Revenir à la frise", "Back to the timeline"),
    "html.filtered": ("Filtres de l'export : {filters}", "Export filters: {filters}"),
    "lane.un": ("Système des Nations Unies", "UN system"),
    "lane.eu": ("Union européenne", "European Union"),
    "lane.coe": ("Conseil de l'Europe", "Council of Europe"),
    "lane.oecd": ("OCDE / PMIA", "OECD / GPAI"),
    "lane.g7g20": ("G7 / G20", "G7 / G20"),
    "lane.summits": ("Sommets sur l'IA", "AI summits"),
    "lane.other": ("Autres", "Others"),
}

# Counted nouns: key -> ((fr singular, fr plural), (en singular, en plural)); French uses the
# singular for 0 and 1, English for 1 only.
PLURALS: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "events": (("{n} événement", "{n} événements"), ("{n} event", "{n} events")),
    "results": (("{n} résultat", "{n} résultats"), ("{n} result", "{n} results")),
    "actors": (("{n} acteur", "{n} acteurs"), ("{n} actor", "{n} actors")),
    "sources": (("{n} source", "{n} sources"), ("{n} source", "{n} sources")),
    "topics": (("{n} thème", "{n} thèmes"), ("{n} topic", "{n} topics")),
    "files": (("{n} fichier", "{n} fichiers"), ("{n} file", "{n} files")),
    "problems": (
        ("{n} problème trouvé dans les données", "{n} problèmes trouvés dans les données"),
        ("{n} problem found in the data", "{n} problems found in the data"),
    ),
}

# Messages on stderr: usage and not-found errors, notes. ``{hint}`` is the "did you mean" made
# from an error's suggestions (empty when there are none). Data-file problems (file:line:
# message, exit 1) are not here: they stay in English, like a compiler's.
MESSAGES: dict[str, tuple[str, str]] = {
    "fields.unknown": (
        "--fields : champ inconnu « {name} ».{hint} Champs possibles : {valid}.",
        "--fields: unknown field “{name}”.{hint} Valid fields: {valid}.",
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
    "compact.not_table": (
        "--compact raccourcit le tableau : il ne vaut qu'avec --format table",
        "--compact shortens the table: it applies to --format table only",
    ),
    "raw_csv.not_csv": (
        "--raw-csv ne vaut qu'avec --format csv",
        "--raw-csv applies to --format csv only",
    ),
    "format.info": (
        "govai info s'écrit en --format table, json ou ndjson, pas en {fmt}",
        "govai info is written as --format table, json or ndjson, not {fmt}",
    ),
    "did_you_mean": (" Vouliez-vous dire {choices} ?", " Did you mean {choices}?"),
    "or": (" ou ", " or "),
    # dates typed by the user
    "date.empty": ("date vide : formes possibles : {forms}", "empty date: use one of {forms}"),
    "date.ambiguous": (
        "date ambiguë « {text} » : écrivez-la en ISO AAAA-MM-JJ (pour le 1er juillet 2024 : 2024-07-01)",
        "ambiguous date “{text}”: use ISO YYYY-MM-DD (for 1 July 2024: 2024-07-01)",
    ),
    "date.unrecognized": (
        "date non reconnue « {text} » : formes possibles : {forms}",
        "unrecognized date “{text}”: use one of {forms}",
    ),
    "date.not_a_date": (
        "« {text} » n'est pas une date : écrivez AAAA, AAAA-MM ou AAAA-MM-JJ",
        "“{text}” is not a date: use YYYY, YYYY-MM or YYYY-MM-DD",
    ),
    "date.year": (
        "« {text} » : année {year} invalide ; écrivez AAAA, AAAA-MM ou AAAA-MM-JJ",
        "“{text}”: invalid year {year}; use YYYY, YYYY-MM or YYYY-MM-DD",
    ),
    "date.month": ("« {text} » : mois {month} invalide (01 à 12)", "“{text}”: invalid month {month} (01 to 12)"),
    "date.day": (
        "« {text} » : jour {day} invalide (le mois {month} de {year} a {last} jours)",
        "“{text}”: invalid day {day} (month {month} of {year} has {last} days)",
    ),
    "dates.reversed": ("--to {end} tombe avant --from {start}", "--to {end} is before --from {start}"),
    # names and ids typed by the user
    "unknown.actor": (
        "acteur inconnu « {text} ».{hint} La liste : govai actors.",
        "unknown actor “{text}”.{hint} See “govai actors” for the list.",
    ),
    "unknown.forum": (
        "instance inconnue « {text} » (une organisation).{hint} La liste : govai actors.",
        "unknown forum (an organization) “{text}”.{hint} See “govai actors” for the list.",
    ),
    "unknown.topic": ("thème inconnu « {text} ».{hint}", "unknown topic “{text}”.{hint}"),
    "unknown.kind": ("type inconnu « {text} ».{hint} Types : {kinds}.", "unknown kind “{text}”.{hint} Kinds: {kinds}."),
    "unknown.country": (
        "pays inconnu « {text} ».{hint} Donnez un nom français ou anglais ou un code ISO (Chine, China, CN, CHN).",
        "unknown country “{text}”.{hint} Give a French or English name or an ISO code (Chine, China, CN, CHN).",
    ),
    "ambiguous.country": (
        "« {text} » désigne deux pays : {choices}. Donnez le nom complet ou le code de celui que vous cherchez.",
        "'{text}' names two countries: {choices}. Give the full name or the code of the one you mean.",
    ),
    "unknown.language": (
        "{origin} : langue inconnue « {value} » ; choisissez fr ou en",
        "{origin}: unknown language “{value}”; use fr or en",
    ),
    "ambiguous": (
        "« {text} » désigne plusieurs fiches : {choices} ; donnez l'identifiant de l'une",
        "“{text}” names several records: {choices}; give the id of one",
    ),
    "unknown.id": (
        "aucun événement, acteur, source ou thème n'a l'identifiant « {id} ».{hint}",
        "no event, actor, source or topic with id “{id}”.{hint}",
    ),
    "search.too_long": (
        "texte cherché trop long ({length} caractères) ; {max} au plus",
        "search text too long ({length} characters); at most {max}",
    ),
    "search.empty": (
        'recherche vide : donnez au moins un mot à trouver, par exemple govai search "égalité des sexes"',
        'empty search: give at least one word to find, e.g. govai search "égalité des sexes"',
    ),
    # export, cite, schema
    "export.no_folder": (
        "impossible d'écrire {target} : le dossier « {folder} » n'existe pas ; créez-le ou choisissez un autre chemin",
        "cannot write {target}: folder “{folder}” does not exist; create it or choose another path",
    ),
    "export.exists": (
        "{target} existe déjà ; --force pour le remplacer, ou choisissez un autre nom",
        "{target} already exists; use --force to overwrite it, or choose another name",
    ),
    "export.is_folder": (
        "{target} est un dossier ; donnez un nom de fichier, par exemple {example}",
        "{target} is a folder; give a file name, e.g. {example}",
    ),
    "export.unknown_format": (
        "format d'export inconnu « {fmt} » ; formats possibles : {choices}",
        "unknown export format “{fmt}”; use one of: {choices}",
    ),
    "export.nothing": (
        "aucun événement à exporter : les filtres n'en gardent aucun ; rien n'a été écrit",
        "no event to export: the filters keep none; nothing was written",
    ),
    "export.group": (
        "--group regroupe les événements d'une frise : il ne vaut qu'avec --format {choices}, pas {fmt}",
        "--group groups the events of a timeline: it applies to --format {choices} only, not {fmt}",
    ),
    "export.no_format": (
        "impossible de déduire le format de « {name} » : donnez --format {formats}, ou un nom finissant par {suffixes}",
        "cannot tell the format from “{name}”: give --format {formats}, or a name ending in {suffixes}",
    ),
    "cite.actor": (
        "« {id} » est un acteur ; govai cite prend l'identifiant d'une source ou d'un événement",
        "“{id}” is an actor; govai cite takes the id of a source or of an event",
    ),
    "cite.topic": (
        "« {id} » est un thème ; govai cite prend l'identifiant d'une source ou d'un événement",
        "“{id}” is a topic; govai cite takes the id of a source or of an event",
    ),
    "cite.unknown_style": (
        "style de citation inconnu « {style} » ; styles possibles : {choices}",
        "unknown citation style “{style}”; use one of: {choices}",
    ),
    "schema.unknown_target": (
        "cible de schéma inconnue « {target} » ; cibles possibles : {choices}",
        "unknown schema target “{target}”; use one of: {choices}",
    ),
    # Click's usage errors, as govai says them
    "usage.no_option": ("option inconnue {option}.{hint}", "no such option {option}.{hint}"),
    "usage.no_command": ("commande inconnue « {name} ».{hint}", "no such command “{name}”.{hint}"),
    "usage.missing_argument": ("argument {name} manquant.", "missing argument {name}."),
    "usage.missing_option": ("option {name} manquante.", "missing option {name}."),
    "usage.bad_value": ("valeur invalide pour {name} : {problem}.", "invalid value for {name}: {problem}."),
    "usage.not_number": ("« {value} » n'est pas un nombre entier", "“{value}” is not a whole number"),
    "usage.not_in_range": ("{value} n'est pas dans l'intervalle {range}", "{value} is not in the range {range}"),
    "usage.not_a_choice": ("« {value} » n'est pas l'un des choix {choices}", "“{value}” is not one of {choices}"),
    "usage.needs_value": ("l'option {option} demande une valeur.", "option {option} needs a value."),
    "usage.takes_no_value": ("l'option {option} ne prend pas de valeur.", "option {option} takes no value."),
    "usage.extra": ("argument(s) en trop : {args}.", "unexpected extra argument(s): {args}."),
    "usage.see_help": (" Aide : {command} --help", " Help: {command} --help"),
    # the command line's own lines
    "error": ("erreur : {text}", "error: {text}"),
    "warning": ("avertissement : {text}", "warning: {text}"),
    "interrupted": ("interrompu", "interrupted"),
    "internal": (
        "erreur interne ({name}). C'est un bogue de govai : merci de le signaler sur le gestionnaire de "
        "tickets de govai avec la commande lancée. GOVAI_DEBUG=1 affiche la trace.",
        "internal error ({name}). This is a bug in govai: please report it to the govai issue tracker "
        "with the command you ran. Set GOVAI_DEBUG=1 to see the traceback.",
    ),
    "validate.ok": (
        "ok : {events}, {actors}, {sources}, {topics} dans {files}",
        "ok: {events}, {actors}, {sources}, {topics} in {files}",
    ),
    "encoding": (
        "avertissement : l'encodage de sortie ({encoding}) ne peut pas afficher certains caractères ; ils "
        "sont écrits \\uXXXX. Une locale UTF-8 ou PYTHONIOENCODING=utf-8 les montre.",
        "warning: the output encoding ({encoding}) cannot show some characters; they are written "
        "as \\uXXXX. Use a UTF-8 locale or PYTHONIOENCODING=utf-8 to see them.",
    ),
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
    "facilitator": ("facilitation", "facilitator"),
    "co-facilitator": ("cofacilitation", "co-facilitator"),
    "host": ("hôte", "host"),
    "co-host": ("co-hôte", "co-host"),
    "convener": ("organisateur", "convener"),
    "organizer": ("organisateur", "organizer"),
    "supporter": ("appui", "supporter"),
    "participant": ("participant", "participant"),
    "signatory": ("signataire", "signatory"),
    "ratifier": ("ratification", "ratifier"),
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
    "actor_fact": ("fait d'un acteur", "actor fact"),  # a search row: one of an actor's own facts
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


def quote(text: str, lang: str) -> str:
    """``text`` between the language's quotation marks: « text » in French, “text” in English."""
    return f"« {text} »" if lang == "fr" else f"“{text}”"


def did_you_mean(suggestions: Sequence[str], lang: str) -> str:
    """`` Did you mean 'a' or 'b'?`` in ``lang``; empty without suggestions."""
    if not suggestions:
        return ""
    quoted = [quote(s, lang) for s in suggestions]
    return message("did_you_mean", lang, choices=label("or", lang, MESSAGES).join(quoted))


def message(key: str, lang: str, *, suggestions: Sequence[str] = (), **params: object) -> str:
    """A message of MESSAGES in ``lang`` with its placeholders (and ``{hint}``) filled."""
    template = label(key, lang, MESSAGES)
    if "{hint}" in template:
        params.setdefault("hint", did_you_mean(suggestions, lang))
    return template.format(**params)
