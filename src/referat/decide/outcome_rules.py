"""What a decision says was decided: the outcome, vote and position vocabulary, as data.

Learnt from the decisions of 104 real Greve meetings (FirstAgenda) and the Høje-Taastrup seeds.
Each class has its phrases as regular expressions (matched case-insensitively on the decision's
text with whitespace collapsed), Danish inflections spelt out.  A new municipality's wording is a
new line in a table here; :mod:`referat.decide.outcomes` holds no wording of its own.

How the tables are used (see :func:`referat.decide.outcomes.classify`):

* Phrases are found leftmost-longest without overlap, so ``Ikke godkendt`` (afvist) wins over the
  ``godkendt`` inside it, and ``kan ikke anbefales`` over ``anbefales``.
* An **act** (approve, recommend, reject, postpone, send on) outranks a **note**
  (``taget til efterretning``), which outranks a **discussion** (``drøftet``): ``Udvalget drøftede
  sagen. Orienteringen blev taget til efterretning.`` is taken note of.  Among acts the first one
  written decides; an approval and a rejection together are an approval with changes (approved in
  part).
* :data:`WEAK` phrases (``besluttede``) count only when no other phrase is found.
* A decision answered point by point (``1.-2. Anbefales. 3. Godkendt.``) gets the outcome of each
  point; the decision's own outcome is the highest of them in :data:`POINT_RANK`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # types only: the CLI reads OUTCOMES without loading Pydantic's models
    from referat.models import OutcomeLabel as Outcome
    from referat.models import Stance

OUTCOMES: tuple[Outcome, ...] = (
    "godkendt", "godkendt_med_aendringer", "anbefalet", "taget_til_efterretning", "droeftet",
    "udsat", "afvist", "oversendt", "andet",
)  # fmt: skip

# What each class means, for help texts and docs/outcomes.md.
MEANING: dict[Outcome, str] = {
    "godkendt": "approved (godkendt, vedtaget, tiltrådt)",
    "godkendt_med_aendringer": "approved with a remark, change or condition, or approved in part",
    "anbefalet": "recommended to a higher body (anbefales)",
    "taget_til_efterretning": "taken note of (taget til efterretning)",
    "droeftet": "discussed (drøftet)",
    "udsat": "postponed, not treated, or to be resumed later",
    "afvist": "rejected, not approved or not recommended",
    "oversendt": "sent back or sent on to another body",
    "andet": "nothing decided that the tables know",
}

# Classes that are acts (first written wins); notes and discussions rank below them.
ACTS: frozenset[Outcome] = frozenset(
    {"godkendt", "godkendt_med_aendringer", "anbefalet", "afvist", "udsat", "oversendt"}
)
APPROVALS: frozenset[Outcome] = frozenset({"godkendt", "godkendt_med_aendringer"})
BELOW_ACTS: tuple[Outcome, ...] = ("taget_til_efterretning", "droeftet")

# The decision's outcome when it is answered point by point: the first of these any point has.
POINT_RANK: tuple[Outcome, ...] = (
    "godkendt_med_aendringer", "godkendt", "anbefalet", "afvist", "oversendt", "udsat",
    "taget_til_efterretning", "droeftet", "andet",
)  # fmt: skip

_GODKEND = r"godkend(?:t|te|es|er)"
_QUALIFIER = (
    r"med\s+(?:den\s+|de\s+|følgende\s+|en\s+)?"
    r"(?:bemærkning(?:er|en)?|præcisering(?:en)?|ændring(?:er|en)?|tilføjelse(?:n)?|justering(?:er)?"
    r"|forbehold(?:et)?|faldne\s+bemærkninger)"
)

PHRASES: dict[Outcome, tuple[str, ...]] = {
    "godkendt_med_aendringer": (
        # "Godkendt med bemærkning om ...", "godkendte Økonomiudvalgets indstilling med
        # bemærkning", "godkendte sagens indstilling med præcisering af": one sentence.
        rf"{_GODKEND}\b[^.\n]{{0,90}}?\b{_QUALIFIER}",
        rf"{_GODKEND}\b[^.\n]{{0,60}}?,?\s+dog\s+(?:således|med|uden|ikke)\b",
        rf"{_GODKEND}\b[^.\n]{{0,40}}?\bmed\s+undtagelse\s+af\b",
        r"vedt(?:og|aget|ages)\b[^.\n]{0,60}?\bmed\s+(?:de\s+)?ændring(?:er|en)?",
        # "besluttede i den anledning en række mindre justeringer" (the seeds' Direktionen)
        r"\bbeslut(?:tede|ter)\b[^.\n]{0,50}?\b(?:justeringer|ændringer|tilpasninger)\b",
    ),
    "godkendt": (
        rf"\b{_GODKEND}\b",
        r"\bvedt(?:og|aget|ages|ager)\b",
        r"\btiltr(?:ådt|ådte|ædes|æder)\b",
        r"\b(?:kan|kunne)\s+tiltræde\b",  # Aarhus: "Et flertal i udvalget kunne tiltræde ..."
        r"\bbevilge(?:t|de|s|r)\b",
        r"\bindstillingen\s+følges\b",
        r"\bkan\s+godkendes\b",
    ),
    "anbefalet": (
        r"\banbefal(?:es|er|et|ede)\b",
        r"\bindstille[rs]?\s+(?:over\s*for|til)\s+byrådet\b",
        r"\bindstilles\s+til\s+godkendelse\b",
    ),
    "afvist": (
        rf"\bikke\s+{_GODKEND}\b",
        r"\b(?:kan|kunne)\s+ikke\s+(?:godkende|godkendes|anbefale|anbefales|tiltræde|tiltrædes)\b",
        r"\bgodkendte\s+ikke\b",
        r"\banbefal(?:er|ede)\s+ikke\b",
        r"\bikke\s+anbefal(?:et|es)\b",
        r"\bafvis(?:es|er|te|t|ning)\b",
        r"\bafvist(?:e)?\b",
        r"\bforkast(?:es|et|ede)\b",
        r"\bnedstem(?:t|mes|te)\b",
        r"\bikke\s+(?:sendes|blev\s+sendt)\s+til\s+realitetsbehandling\b",
        r"\bikke\s+(?:imødekommet|imødekommes)\b",
    ),
    "udsat": (
        # "Sagen blev udsat"; the subject is needed: "projektet er udskudt" in an orientation is
        # news, not a decision.
        r"\b(?:sagen|punktet|behandlingen|beslutningen)\s+(?:blev|er|bliver|var)\s+ud(?:sat|skudt)\b",
        r"\budsæt(?:tes|ter)\b",
        r"\budsatte\s+(?:sagen|punktet|behandlingen)\b",
        r"\budsætte\s+(?:sagen|sagens\s+behandling|punktet|behandlingen)\b",
        r"\budskyd(?:es|er)\b",
        r"\b(?:blev|er)\s+ikke\s+behandlet\b",
        r"\bikke\s+(?:nået|blev\s+nået|nåede)\b",
        r"\bgenoptag(?:es|et)\b",
        r"\b(?:blev|er)\s+(?:trukket|taget)\s+af\s+dagsordenen\b",
        r"\bafventer\s+(?:yderligere|nærmere|ny|nye)\b",
    ),
    "oversendt": (
        r"\bsend(?:es|t|te)\s+(?:sagen\s+)?(?:tilbage|videre)\b",
        r"\boversend(?:es|te)\b",
        r"\bblev\s+oversendt\s+til\b",
        r"\bvideresend(?:es|t|te)\b",
        r"\bhenvis(?:es|t|te)\s+til\b",
        r"\bsendes\s+til\s+(?:fornyet\s+)?(?:behandling|høring)\b",
    ),
    "taget_til_efterretning": (
        r"\b(?:taget|tages|tog|tager)\s+(?:\S+\s+){0,4}?til\s+efterretning(?:en)?\b",
        r"\btil\s+efterretning\b",
    ),
    "droeftet": (
        r"\bdrøft(?:ede|et|es|er)\b",
        r"\bblev\s+drøftet\b",
    ),
}

# Weak phrases: a decision that only says something was decided.  Used when nothing else is.
WEAK: dict[Outcome, tuple[str, ...]] = {
    "godkendt": (
        r"\bbeslut(?:tede|ter|tet)\b",
        r"\bblev\s+aftalt\b",
        r"\bvalgt(?:e)?\s+som\b",
    ),
}

# Confidence of the outcome: one clear phrase at the start, one elsewhere, several that had to be
# weighed, only a weak phrase, none at all.
CONFIDENCE = {"lead": 0.95, "single": 0.85, "weighed": 0.7, "weak": 0.6, "none": 0.5}

# ---------------------------------------------------------------------------------------------
# Point by point

# A point marker at the start of the text, of a line or of a sentence: "1.-2.", "1. - 2.",
# "Ad 1-2", "Pkt. 1:", "2.", "1.Orienteringen", "1-2 anbefalet" (a range needs no dot).
POINT_MARKER = (
    r"(?:^|\n|(?<=[.!:]\s))[ \t]*(?:(?:Ad|Pkt\.?|Punkt|Indstillingspunkt)\s*)?"
    r"(?P<first>\d{1,2})(?:\s*\.?\s*[-–]\s*(?P<last>\d{1,2}))?"
    r"(?:\s*[.:)]\s*|\s+(?=[a-zæøå]))"
    r"(?=[A-Za-zÆØÅæøå])"
)
# A sub-point label right after the marker ("2. a-c Godkendt", "1.-2. a og b. Anbefales").
SUBPOINT = r"^[a-h](?:\s*[-–]\s*[a-h]|\s+og\s+[a-h])?\s*[.)]?\s+"
MAX_POINT = 30
# A marker inside a line must follow a sentence's end, not an abbreviation's ("(pkt. 4) ..."),
# and be followed by a capital letter.
NOT_SENTENCE_END = frozenset({"pkt", "nr", "jf", "kl", "ca", "pr", "stk", "side", "bilag", "punkt"})

# ---------------------------------------------------------------------------------------------
# Votes and positions

# "Med stemmerne 17 for (A, C, F, O, V) og 4 imod (Ø)", "godkendt med stemmerne 19 for og 1
# imod", "med stemmer 19 for", "... og 2 undlod".
_PARTIES = r"(?:\s*\((?P<{0}>[^()]{{1,80}})\))?"
VOTE = (
    r"\bstemme(?:rne|r)?\s+(?P<yes>\d{1,3})\s+for" + _PARTIES.format("yes_parties")
    + r"(?:\s*,?\s*(?:og\s+)?(?P<no>\d{1,3})\s+(?:imod|mod)" + _PARTIES.format("no_parties") + ")?"
    + r"(?:\s*,?\s*(?:og\s+)?(?P<abstain>\d{1,3})\s+(?:undl\w+|hverken\s+for\s+eller\s+imod"
    + r"|blank\w*)" + _PARTIES.format("abstain_parties") + ")?"
)  # fmt: skip

# Stances written after who took them: "(Ø) stemte imod", "Bjarke Abel (A) undlod at tage
# stilling", "V tog forbehold", "Lone Hansen kunne ikke tiltræde indstillingen".
STANCE_AFTER: tuple[tuple[Stance, str], ...] = (
    ("imod", r"stem(?:te|mer|mte)\s+(?:i\s*)?(?:imod|mod)\b"),
    ("for", r"stem(?:te|mer)\s+for\b|(?:kunne|kan)\s+tiltræde\b"),
    ("undlod", r"undl(?:od|ader)(?:\s+at\s+(?:stemme|tage\s+stilling))?\b"),
    ("forbehold", r"t(?:og|ager)\s+(?:\S+\s+)?forbehold\b"),
    ("kunne_ikke_tiltraede", r"(?:kunne|kan)\s+ikke\s+tiltræde\b"),
    (
        "deltog_ikke",
        r"deltog\s+ikke\s+i\s+(?:\S+\s+){0,2}(?:behandling(?:en)?|afstemning(?:en)?)\b",
    ),
    ("forhindret", r"var\s+forhindret\b"),
    ("inhabil", r"(?:var|blev\s+erklæret|erklærede\s+sig)\s+inhabil\b"),
)
# Stances written before who took them: "Imod stemte: (Ø) og (F)", "For stemte (V), (A)",
# "Undlod: Ø", "Imod: A og Ø".
STANCE_BEFORE: tuple[tuple[Stance, str], ...] = (
    ("imod", r"(?:imod|mod)\s+stemte\s*:?|imod\s*:"),
    ("for", r"for\s+stemte\s*:?|for\s*:"),
    ("undlod", r"(?:undlod|undlader)(?:\s+at\s+stemme)?\s*:"),
)
# Where the list of who ends: a reason or a remark follows.
WHO_END = (
    r"\s+(?:med\b|idet\b|da\b|fordi\b|som\b|til\s+indstillingspunkt\b|i\s+forhold\b)"
    r"|(?<!\s[A-ZÆØÅ])\.|[;:\n]"
)
# A sentence ends at a full stop before a space or at a line end, but not after an initial
# ("John T. Olsen").
SENTENCE_END = r"(?<!\s[A-ZÆØÅ])\.(?=\s)|\n"
WHO_SPLIT = r"\s*,\s*|\s+og\s+|\s+samt\s+"
# Subjects that are the deciding body, not a member or party: their stance is the outcome.
BODY_WORDS = r"(?i)^(?:udvalget|byrådet|direktionen|\S*udvalget|\S*rådet|man|der)$"
# A party as written: "(A)", "A", "(UP-1)", "UP", "SF".
PARTY = r"^\(?([A-ZÆØÅ]{1,2}(?:-\d)?|[A-ZÆØÅ][a-zæøå]?)\)?$"
