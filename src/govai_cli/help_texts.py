"""Every ``--help`` text, in French and English: tables only (``usage`` applies them).

COMMANDS: a command's help (``govai`` for the program's own), its examples included; ``\\b``
keeps the next paragraph's lines as written. OPTIONS: an option's help by its longest name
(``--limit``), or ``command --name`` where one command means something else by it; an
argument by ``command name`` (its parameter name). CLICK: Click's own words in help and usage
errors. ``tests/test_cli.py`` fails for a command, option or argument missing here.
"""

from __future__ import annotations

_EXAMPLES = ("\b\nExemples :\n", "\b\nExamples:\n")

COMMANDS: dict[str, tuple[str, str]] = {
    # command: (fr, en)
    "govai": (
        "Les faits de la gouvernance internationale de l'IA, hors ligne, en français et en anglais : ce qui a "
        "été décidé, quand, par qui, avec une source derrière chaque fait.\n\n"
        f"{_EXAMPLES[0]}"
        "  govai timeline --from 2024 --to 2024\n"
        '  govai search "égalité des sexes"\n'
        "  govai actors --country Chine\n"
        "  govai show ares-78-311\n\n"
        "Complétion dans le shell : govai --install-completion (bash, zsh, fish, PowerShell), puis ouvrez un "
        "nouveau shell.",
        "Facts of international AI governance, offline, in French and English: what was decided, "
        "when, by whom, with a source behind every fact.\n\n"
        f"{_EXAMPLES[1]}"
        "  govai timeline --from 2024 --to 2024\n"
        '  govai search "égalité des sexes"\n'
        "  govai actors --country Chine\n"
        "  govai show ares-78-311\n\n"
        "Shell completion: govai --install-completion (bash, zsh, fish, PowerShell), then open a new shell.",
    ),
    "timeline": (
        "Chaque événement, du plus ancien au plus récent : une légende, une frise des événements par année, "
        "un tableau groupé par année.\n\n"
        f"{_EXAMPLES[0]}"
        '  govai timeline --from "juillet 2024" --to 2024-12 --lang en\n'
        "  govai timeline --country Chine --group body\n"
        "  govai timeline --latest 10 --compact\n"
        "  govai timeline --format csv --fields id,date,title > events.csv",
        "Every event, oldest first: a caption, a strip of events per year, a table grouped by year.\n\n"
        f"{_EXAMPLES[1]}"
        '  govai timeline --from "juillet 2024" --to 2024-12 --lang en\n'
        "  govai timeline --country Chine --group body\n"
        "  govai timeline --latest 10 --compact\n"
        "  govai timeline --format csv --fields id,date,title > events.csv",
    ),
    "search": (
        "Cherche dans les titres, résumés, faits, citations, cotes, acteurs et thèmes, dans les deux langues.\n\n"
        "Accents, majuscules et ligatures ne comptent jamais (egalite trouve « Égalité », oeuvre trouve "
        '« œuvre ») ; tous les mots sont exigés, les "expressions entre guillemets" gardent leur ordre, '
        "-mot exclut, OR élargit. Les thèmes font le pont entre les langues : gender equality trouve aussi "
        "« égalité des sexes ».\n\n"
        f"{_EXAMPLES[0]}"
        '  govai search "égalité des sexes" --from 2024\n'
        '  govai search "gender equality" --format json\n'
        "  govai search IA --format csv --fields id,date,title,score > results.csv",
        "Search titles, summaries, facts, quotes, symbols, actors and topics in both languages.\n\n"
        "Accents, case and ligatures never matter (egalite finds “Égalité”, oeuvre finds “œuvre”); "
        'words are all required, "quoted phrases" keep their order, -word excludes, OR widens. '
        "Topics bridge the languages: gender equality also finds “égalité des sexes”.\n\n"
        f"{_EXAMPLES[1]}"
        '  govai search "égalité des sexes" --from 2024\n'
        '  govai search "gender equality" --format json\n'
        "  govai search IA --format csv --fields id,date,title,score > results.csv",
    ),
    "actors": (
        "Personnes, États et organisations, avec leurs fonctions et le nombre d'événements où ils figurent.\n\n"
        "Les filtres d'événements (--from, --to, --body, --actor, --topic, un --kind d'événement) gardent "
        "les acteurs des événements qu'ils retiennent, et le compte est celui de ces événements.\n\n"
        f"{_EXAMPLES[0]}"
        "  govai actors --country Chine\n"
        "  govai actors --kind person --body CDH --lang en\n"
        "  govai actors --format md > actors.md",
        "People, states and organizations, with their roles and how many events they appear in.\n\n"
        "The event filters (--from, --to, --body, --actor, --topic, an event --kind) keep the actors "
        "of the events they select, and the count is of those events.\n\n"
        f"{_EXAMPLES[1]}"
        "  govai actors --country Chine\n"
        "  govai actors --kind person --body CDH --lang en\n"
        "  govai actors --format md > actors.md",
    ),
    "topics": (
        "Les thèmes : identifiant, libellé dans la langue du lecteur, et nombre d'événements qui le portent.\n\n"
        f"{_EXAMPLES[0]}"
        "  govai topics --lang en\n"
        "  govai topics --format csv > topics.csv\n"
        "  govai show gender-equality",
        "The topics: id, label in the reader's language, and how many events carry each.\n\n"
        f"{_EXAMPLES[1]}"
        "  govai topics --lang en\n"
        "  govai topics --format csv > topics.csv\n"
        "  govai show gender-equality",
    ),
    "show": (
        "Un événement, un acteur, une source ou un thème en entier, avec chaque fait et sa source.\n\n"
        "Un acteur vient avec les événements où il figure, du plus ancien au plus récent.\n\n"
        f"{_EXAMPLES[0]}"
        "  govai show ares-78-311\n"
        "  govai show fu-cong --lang en\n"
        "  govai show ares-78-311 --format json --fields id,date,title,sources",
        "One event, actor, source or topic in full, with every fact and its source.\n\n"
        "An actor comes with the events they appear in, oldest first.\n\n"
        f"{_EXAMPLES[1]}"
        "  govai show ares-78-311\n"
        "  govai show fu-cong --lang en\n"
        "  govai show ares-78-311 --format json --fields id,date,title,sources",
    ),
    "validate": (
        "Vérifie des données ; écrit chaque problème sous la forme fichier:ligne: message (code 1 s'il y en a).\n\n"
        "Tous les fichiers sont vérifiés en un seul passage : une erreur de syntaxe YAML n'arrête que son "
        "fichier. Les problèmes sont en anglais quel que soit --lang, comme ceux d'un compilateur ; le "
        "décompte final suit --lang.\n\n"
        f"{_EXAMPLES[0]}"
        "  govai validate my-data/\n"
        "  govai validate --data extra.yaml --with-bundled",
        "Check a dataset; print every problem as file:line: message (exit 1 if any).\n\n"
        "Every file is checked in one pass: a YAML syntax error stops only its own file. The problems "
        "are in English whatever --lang says, like a compiler's; the closing count follows it.\n\n"
        f"{_EXAMPLES[1]}"
        "  govai validate my-data/\n"
        "  govai validate --data extra.yaml --with-bundled",
    ),
    "info": (
        "Les données : version, empreinte, comptes par type et par année, statut des titres, période "
        "couverte, emplacement des données fournies et dossiers utilisés.\n\n"
        f"{_EXAMPLES[0]}"
        "  govai info --lang en\n"
        "  govai info --format json",
        "The dataset: version, content hash, counts by kind and year, title status, date range, where "
        "the bundled data lives and which data folders are in use.\n\n"
        f"{_EXAMPLES[1]}"
        "  govai info --lang en\n"
        "  govai info --format json",
    ),
    "export": (
        "Écrit les événements (tous, ou ceux que gardent les filtres) pour Datasette, TimelineJS, un "
        "agenda, une page web, ou leur bibliographie pour Zotero (BibTeX, RIS) ; écrit en entier ou pas du "
        "tout, marqué de la version des données et de leur empreinte.\n\n"
        f"{_EXAMPLES[0]}"
        "  govai export --format sqlite -o govai.sqlite && datasette govai.sqlite\n"
        "  govai export -o govai.ics --kind summit\n"
        "  govai export -o frise.json --from 2020 --lang fr --group forum\n"
        "  govai export -o chronologie.html --lang fr\n"
        "  govai export -o govai.bib --body CDH",
        "Write the events (all, or those the filters keep) for Datasette, TimelineJS, a calendar, a web "
        "page, or their bibliography for Zotero (BibTeX, RIS); written whole or not at all, stamped.\n\n"
        f"{_EXAMPLES[1]}"
        "  govai export --format sqlite -o govai.sqlite && datasette govai.sqlite\n"
        "  govai export -o govai.ics --kind summit\n"
        "  govai export -o frise.json --from 2020 --lang fr --group forum\n"
        "  govai export -o chronologie.html --lang fr\n"
        "  govai export -o govai.bib --body CDH",
    ),
    "cite": (
        "Référence d'une source, ou d'un événement : son document (A/RES/78/311…) d'abord, puis ses "
        "sources.\n\n"
        "En BibTeX, RIS ou APA 7, datée aussi précisément que les données le savent.\n\n"
        f"{_EXAMPLES[0]}"
        "  govai cite hrc56-joint-statement-ai-women --style apa --lang en\n"
        "  govai cite un-press-ga12612-en --style bibtex",
        "Citation of a source, or of an event: its document (A/RES/78/311…) first, then its sources.\n\n"
        "As BibTeX, RIS or APA 7, dated as precisely as the data knows.\n\n"
        f"{_EXAMPLES[1]}"
        "  govai cite hrc56-joint-statement-ai-women --style apa --lang en\n"
        "  govai cite un-press-ga12612-en --style bibtex",
    ),
    "schema": (
        "Schéma JSON (draft 2020-12) des fichiers de données YAML, pour les éditeurs et l'intégration continue.\n\n"
        "Enregistrez-le, puis commencez un fichier de données par : "
        "# yaml-language-server: $schema=govai.schema.json\n\n"
        f"{_EXAMPLES[0]}"
        "  govai schema > govai.schema.json\n"
        "  govai schema --for actors > actors.schema.json",
        "JSON Schema (draft 2020-12) of the YAML data files, for editors and CI.\n\n"
        "Save it, then start a data file with: # yaml-language-server: $schema=govai.schema.json\n\n"
        f"{_EXAMPLES[1]}"
        "  govai schema > govai.schema.json\n"
        "  govai schema --for actors > actors.schema.json",
    ),
}

_DATES = (
    "Une date partielle couvre toute sa période (2024-07 va du 1er au 31 juillet) et un événement est "
    "retenu quand sa période chevauche l'intervalle, bornes comprises.",
    "A partial date covers its whole period (2024-07 is 1-31 July) and an event matches when its "
    "period overlaps the range, both ends included.",
)

OPTIONS: dict[str, tuple[str, str]] = {
    # --option, or "command --option", or "command argument": (fr, en)
    "--version": ("Affiche la version et s'arrête.", "Print the version and exit."),
    "--install-completion": (
        "Installe la complétion pour le shell courant.",
        "Install completion for the current shell.",
    ),
    "--show-completion": (
        "Affiche la complétion pour le shell courant, pour la copier ou adapter l'installation.",
        "Show completion for the current shell, to copy it or customize the installation.",
    ),
    "--help": ("Affiche cette aide et s'arrête.", "Show this message and exit."),
    "--data": (
        "Fichier ou dossier YAML à utiliser à la place des données fournies (répétable ; variable "
        "GOVAI_DATA, chemins séparés par le séparateur du système ; un + en tête y vaut --with-bundled).",
        "YAML file or folder to use instead of the bundled dataset (repeatable; env GOVAI_DATA, paths "
        "joined by the OS path separator; a leading + there means --with-bundled).",
    ),
    "--with-bundled": (
        "Utilise les fichiers de --data (ou ceux donnés à validate) avec les données fournies, au lieu de les "
        "remplacer : vos événements peuvent citer leurs acteurs, instances, sources et thèmes.",
        "Use the --data files (or those given to validate) together with the bundled dataset, instead of in "
        "its place: your events can refer to its actors, forums, sources and topics.",
    ),
    "--lang": (
        "fr ou en (variable GOVAI_LANG ; sinon la locale ; sinon fr).",
        "fr or en (env GOVAI_LANG; else the locale; else fr).",
    ),
    "--from": (
        f"Date de début : 2024, 2024-07, 2024-07-01, juillet 2024, 1 July 2024. {_DATES[0]}",
        f"Start date: 2024, 2024-07, 2024-07-01, juillet 2024, 1 July 2024. {_DATES[1]}",
    ),
    "--to": ("Date de fin, mêmes formes que --from.", "End date, same forms as --from."),
    "--country": ("Pays : Chine, China, CN ou CHN.", "Country: Chine, China, CN or CHN."),
    "actors --country": (
        "Le pays des acteurs eux-mêmes : Chine, China, CN ou CHN.",
        "The actors' own country: Chine, China, CN or CHN.",
    ),
    "--body": (
        "Instance, par identifiant, nom ou sigle (unga, AG, CDH…), avec les instances qui en font partie (UN, ONU…).",
        "Forum, by id, name or acronym (unga, AG, CDH…), with the forums part of it (UN, ONU…).",
    ),
    "--body-only": (
        "--body ne garde que les événements propres à cette instance, pas ceux de ses organes.",
        "--body keeps that forum's own events, not those of its parts.",
    ),
    "--actor": (
        "Acteur, par identifiant ou nom (fu-cong, « Chen Xu »…).",
        "Actor, by id or name (fu-cong, “Chen Xu”…).",
    ),
    "actors --actor": (
        "Acteur, par identifiant ou nom : les acteurs des événements où il figure.",
        "Actor, by id or name: the actors of the events they appear in.",
    ),
    "--topic": (
        "Thème, par identifiant ou libellé (gender-equality, « fracture numérique »…).",
        "Topic, by id or label (gender-equality, “fracture numérique”…).",
    ),
    "--kind": (
        "Type d'événement : resolution, statement, summit…",
        "Event kind: resolution, statement, summit…",
    ),
    "actors --kind": (
        "person, state ou organization ; ou un type d'événement (resolution…) : les acteurs de tels événements.",
        "person, state or organization; or an event kind (resolution…): the actors of such events.",
    ),
    "--limit": ("Au plus N lignes.", "At most N rows."),
    "--latest": (
        "Les N événements les plus récents, du plus récent au plus ancien.",
        "The newest N events, newest first.",
    ),
    "--sort": (
        "date : du plus ancien au plus récent ; -date : du plus récent au plus ancien.",
        "date: oldest first; -date: newest first.",
    ),
    "--compact": (
        "Une ligne par rangée : date, titre court, instance, identifiant (tableau seulement).",
        "One line per row: date, short title, forum, id (table only).",
    ),
    "--no-pager": (
        "Ne jamais paginer (par défaut dans un terminal : $GOVAI_PAGER, $PAGER ou less).",
        "Never page (default on a terminal: $GOVAI_PAGER, $PAGER or less).",
    ),
    "search --limit": ("Au plus N résultats.", "At most N results."),
    "--format": (
        "table pour les personnes ; json, ndjson ou csv pour les programmes (jamais de couleur, jamais "
        "replié) ; md pour un tableau Markdown avec sa légende.",
        "table for people; json, ndjson or csv for programs (never colour, never wrapped); "
        "md for a Markdown table with its caption.",
    ),
    "--fields": (
        "Colonnes de la sortie json, ndjson, csv ou md, séparées par des virgules (id,date,title) ; un nom "
        "inconnu fait lister les noms possibles.",
        "Columns of json, ndjson, csv or md output, comma-separated (id,date,title); "
        "an unknown name lists the valid ones.",
    ),
    "--raw-csv": (
        "Garde telles quelles les cellules CSV commençant par = + - @ TAB ou CR (par défaut une ' les "
        "précède, pour qu'un tableur ne les exécute pas comme des formules).",
        "Keep CSV cells starting with = + - @ TAB or CR as they are (by default a ' is put "
        "before them, so a spreadsheet does not run them as formulas).",
    ),
    "--group": (
        "Lignes du tableau par année (par défaut) ou par instance (body).",
        "Rows of the table by year (the default) or by forum (body).",
    ),
    "search text": (
        'Mots à trouver (tous) ; "expression entre guillemets" pour des mots dans cet ordre.',
        'Words to find (all of them); "quoted phrase" for words in order.',
    ),
    "--exact": (
        "Les accents comptent : « é » ne trouve plus « e ».",
        "Accents count: “é” no longer matches “e”.",
    ),
    "--explain": (
        "Écrit (sur stderr) comment la recherche a été lue.",
        "Print (on stderr) how the search was read.",
    ),
    "show record_id": (
        "Un événement, acteur, source ou thème : son identifiant, une cote (A/RES/78/311, 78/311) ou un nom "
        "(Fu Cong, UNESCO).",
        "An event, actor, source or topic: its id, a symbol (A/RES/78/311, 78/311) or a name (Fu Cong, UNESCO).",
    ),
    "cite record_id": (
        "Identifiant d'une source, ou d'un événement pour citer son document et ses sources.",
        "Id of a source, or of an event to cite its document and sources.",
    ),
    "validate paths": (
        "Fichiers ou dossiers à vérifier (par défaut : --data, sinon les données fournies).",
        "Files or folders to check (default: --data, else the bundled data).",
    ),
    "--output": (
        "Fichier à écrire ; - pour la sortie standard (avec --format).",
        "File to write; - for standard output (with --format).",
    ),
    "export --format": (
        "sqlite (Datasette), timelinejs (JSON TimelineJS3), ics (iCalendar), html (une page à partager), "
        "bibtex ou ris (la bibliographie) ; par défaut : d'après le nom du fichier (.sqlite/.db, .json, .ics, "
        ".html, .bib, .ris).",
        "sqlite (Datasette), timelinejs (TimelineJS3 JSON), ics (iCalendar), html (a page to share), "
        "bibtex or ris (the bibliography); default: from the file name (.sqlite/.db, .json, .ics, .html, .bib, .ris).",
    ),
    "export --group": (
        "Couloirs TimelineJS : top (par défaut : système des Nations Unies, Union européenne… comme sur la "
        "page HTML), forum (l'instance propre de l'événement) ou none.",
        "TimelineJS lanes: top (the default: UN system, European Union… as on the HTML page), "
        "forum (the event's own forum) or none.",
    ),
    "--force": ("Remplace FICHIER s'il existe.", "Replace FILE if it exists."),
    "--style": ("bibtex, ris ou apa.", "bibtex, ris or apa."),
    "--for": (
        "all (tout fichier de données), event (events/*.yaml), actors, sources, topics, ou data (un seul "
        "fichier --data).",
        "all (any data file), event (events/*.yaml), actors, sources, topics, or data (a single --data file).",
    ),
}

# Click's own words, as it writes them (English) → (fr, en). Help sections and markers first,
# then the type names Typer shows as metavars.
CLICK: dict[str, tuple[str, str]] = {
    "Usage": ("Utilisation", "Usage"),
    "Options": ("Options", "Options"),
    "Commands": ("Commandes", "Commands"),
    "Arguments": ("Arguments", "Arguments"),
    "default": ("par défaut", "default"),
    "required": ("obligatoire", "required"),
    "<str>": ("<texte>", "<text>"),
    "<path>": ("<chemin>", "<path>"),
    "<int range>": ("<entier>", "<integer>"),
    "<int>": ("<entier>", "<integer>"),
}
