"""Which publication site a ``SITE`` argument means: a municipality by name or slug, or a URL.

The municipalities that publish through FirstAgenda Publication, and their hosts, are data
(:data:`HOSTS`): a host prefix varies (``dagsordener.``, ``dagsorden.``, ``dagsordner.``,
``udvalg.kolding.dk``), so it cannot be guessed.  A municipality is found by its name or by its
host's own label (its *slug*: ``htk``, ``ltk``, ``fmk``, ``egedalkommune``), in any case and with
``æ``, ``ø``, ``å`` written as ``ae``, ``oe``, ``aa`` or as ``a``, ``o``, ``a``: ``Høje-Taastrup``,
``hoeje taastrup`` and ``htk`` are one site.  Any ``http(s)://`` URL is a site too (a replay on
``http://127.0.0.1:PORT``, a host not in the table).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit

from referat.errors import ReferatError

# Municipality -> its FirstAgenda Publication host (88 municipalities).
HOSTS: tuple[tuple[str, str], ...] = (
    ("Aabenraa", "dagsordener.aabenraa.dk"),
    ("Aarhus", "dagsordener.aarhus.dk"),
    ("Albertslund", "dagsordner.albertslund.dk"),
    ("Allerød", "dagsordener.alleroed.dk"),
    ("Assens", "dagsorden.assens.dk"),
    ("Ballerup", "dagsorden.ballerup.dk"),
    ("Bornholm", "dagsordener.bornholm.dk"),
    ("Brøndby", "dagsordener.brondby.dk"),
    ("Brønderslev", "dagsordener.bronderslev.dk"),
    ("Dragør", "dagsordener.dragoer.dk"),
    ("Egedal", "dagsordener.egedalkommune.dk"),
    ("Esbjerg", "dagsordener.esbjergkommune.dk"),
    ("Faaborg-Midtfyn", "dagsordener.fmk.dk"),
    ("Fanø", "dagsordener.fanoe.dk"),
    ("Favrskov", "dagsordener.favrskov.dk"),
    ("Faxe", "dagsordener.faxekommune.dk"),
    ("Fredensborg", "dagsordener.fredensborg.dk"),
    ("Fredericia", "dagsordner.fredericia.dk"),
    ("Frederiksberg", "dagsordener.frederiksberg.dk"),
    ("Frederikshavn", "dagsordener.frederikshavn.dk"),
    ("Furesø", "dagsordener.furesoe.dk"),
    ("Gentofte", "dagsordener.gentofte.dk"),
    ("Gladsaxe", "dagsordener.gladsaxe.dk"),
    ("Greve", "dagsordener.greve.dk"),
    ("Gribskov", "dagsordener.gribskov.dk"),
    ("Guldborgsund", "dagsordener.guldborgsund.dk"),
    ("Haderslev", "dagsordener.haderslev.dk"),
    ("Halsnæs", "dagsorden.halsnaes.dk"),
    ("Helsingør", "dagsordener.helsingor.dk"),
    ("Herlev", "dagsordener.herlev.dk"),
    ("Herning", "dagsordener.herning.dk"),
    ("Hillerød", "dagsordener.hillerod.dk"),
    ("Hjørring", "dagsordener.hjoerring.dk"),
    ("Holbæk", "dagsordener.holbaek.dk"),
    ("Holstebro", "dagsordener.holstebro.dk"),
    ("Horsens", "dagsordener.horsens.dk"),
    ("Hvidovre", "dagsordener-referater.hvidovre.dk"),
    ("Høje-Taastrup", "dagsordener.htk.dk"),
    ("Hørsholm", "dagsordener.horsholm.dk"),
    ("Ikast-Brande", "dagsordener.ikast-brande.dk"),
    ("Jammerbugt", "dagsordener.jammerbugt.dk"),
    ("Kalundborg", "dagsordener.kalundborg.dk"),
    ("Kerteminde", "dagsordener.kerteminde.dk"),
    ("Kolding", "udvalg.kolding.dk"),
    ("Køge", "dagsordener.koege.dk"),
    ("Langeland", "dagsordener.langelandkommune.dk"),
    ("Lejre", "dagsordener.lejre.dk"),
    ("Lemvig", "dagsordener.lemvig.dk"),
    ("Lolland", "dagsordener.lolland.dk"),
    ("Lyngby-Taarbæk", "dagsordener.ltk.dk"),
    ("Læsø", "dagsordener.laesoe.dk"),
    ("Mariagerfjord", "dagsordener.mariagerfjord.dk"),
    ("Middelfart", "dagsordener.middelfart.dk"),
    ("Morsø", "dagsordener.mors.dk"),
    ("Nordfyns", "dagsordener.nordfynskommune.dk"),
    ("Nyborg", "dagsordener.nyborg.dk"),
    ("Næstved", "dagsordener.naestved.dk"),
    ("Odder", "dagsordener.odder.dk"),
    ("Odense", "dagsordener.odense.dk"),
    ("Odsherred", "dagsordener.odsherred.dk"),
    ("Randers", "dagsordener.randers.dk"),
    ("Rebild", "dagsordener.rebild.dk"),
    ("Ringsted", "dagsordener.ringsted.dk"),
    ("Roskilde", "dagsordener.roskilde.dk"),
    ("Rudersdal", "dagsordener.rudersdal.dk"),
    ("Rødovre", "dagsordener.rk.dk"),
    ("Samsø", "dagsorden.samsoe.dk"),
    ("Silkeborg", "dagsordener.silkeborg.dk"),
    ("Skanderborg", "dagsordener.skanderborg.dk"),
    ("Skive", "dagsordener.skive.dk"),
    ("Slagelse", "dagsordener.slagelse.dk"),
    ("Solrød", "dagsordener.solrod.dk"),
    ("Sorø", "dagsordener.soroe.dk"),
    ("Stevns", "dagsordener.stevns.dk"),
    ("Struer", "dagsordener.struer.dk"),
    ("Svendborg", "dagsordener.svendborg.dk"),
    ("Sønderborg", "dagsordener.sonderborgkommune.dk"),
    ("Thisted", "dagsordener.thisted.dk"),
    ("Tårnby", "dagsordener.taarnby.dk"),
    ("Tønder", "dagsordener.toender.dk"),
    ("Vallensbæk", "dagsordener.vallensbaek.dk"),
    ("Varde", "dagsordener.vardekommune.dk"),
    ("Vejen", "dagsordener.vejen.dk"),
    ("Vejle", "dagsordener.vejle.dk"),
    ("Vesthimmerlands", "dagsordener.vesthimmerland.dk"),
    ("Viborg", "dagsordener.viborg.dk"),
    ("Vordingborg", "dagsordner.vordingborg.dk"),
    ("Ærø", "dagsordener.aeroekommune.dk"),
)

# Municipalities known to publish elsewhere (not FirstAgenda Publication): said so, by name.
ELSEWHERE: dict[str, str] = {
    "Aalborg": "its own site",
    "Billund": "MeetingsPlus",
    "Frederikssund": "its own site",
    "Glostrup": "Åben Dagsorden",
    "Hedensted": "its own site",
    "København": "its own site",
    "Norddjurs": "MeetingsPlus",
    "Ringkøbing-Skjern": "its own site",
    "Syddjurs": "Åben Dagsorden",
}

_SUFFIXES = ("kommune", "kommunes")  # "Greve Kommune", "egedalkommune"
# Where a site's own paths begin: what comes before is the site (``…/vis?id=…`` -> ``…``).
_PAGES = re.compile(r"/(?:vis|api|Home)(?=/|$)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Site:
    """A publication site: its base URL (``https://dagsordener.greve.dk``) and, when known,
    the municipality it publishes for."""

    base: str
    municipality: str | None = None

    @property
    def host(self) -> str:
        return urlsplit(self.base).netloc

    @property
    def label(self) -> str:
        """How messages name it: the municipality, else the host."""
        return self.municipality or self.host

    def url(self, path: str) -> str:
        return self.base + path


def slug(host: str) -> str:
    """A host's own label: ``dagsordener.htk.dk`` -> ``htk``."""
    labels = host.split(".")
    return labels[-2] if len(labels) >= 2 else host


def keys(text: str) -> set[str]:
    """``text`` folded for matching: case, accents and everything but letters and digits
    dropped, ``æøå`` both as ``ae oe aa`` and as ``a o a``, a ``kommune`` ending without it."""
    folded = unicodedata.normalize("NFC", text).casefold().strip()
    found = set()
    for ae, oe, aa in (("ae", "oe", "aa"), ("a", "o", "a")):
        spelled = folded.replace("æ", ae).replace("ø", oe).replace("å", aa)
        plain = unicodedata.normalize("NFKD", spelled)
        key = "".join(c for c in plain if c.isascii() and c.isalnum())
        if key:
            found.add(key)
            for suffix in _SUFFIXES:
                if key.endswith(suffix) and len(key) > len(suffix):
                    found.add(key[: -len(suffix)])
    return found


def _index() -> dict[str, tuple[str, str]]:
    index: dict[str, tuple[str, str]] = {}
    for name, host in HOSTS:
        for key in keys(name) | keys(slug(host)):
            index.setdefault(key, (name, host))
    return index


_INDEX = _index()


def resolve_site(text: str) -> Site:
    """``greve``, ``Høje-Taastrup``, ``htk``, ``https://dagsordener.greve.dk/`` or
    ``http://127.0.0.1:8000`` -> the site.  An unknown name raises ReferatError, one line,
    with the nearest names."""
    given = text.strip()
    if given.lower().startswith(("http://", "https://")):
        return _from_url(given)
    found = next((_INDEX[k] for k in sorted(keys(given)) if k in _INDEX), None)
    if found is not None:
        name, host = found
        return Site(f"https://{host}", name)
    elsewhere = next(
        (f"{name} publishes through {where}" for name, where in ELSEWHERE.items()
         if keys(name) & keys(given)),
        None,
    )  # fmt: skip
    if elsewhere is not None:
        raise ReferatError(f"{given}: not a FirstAgenda Publication site ({elsewhere})")
    close = difflib.get_close_matches(min(keys(given) or {given}), list(_INDEX), n=3, cutoff=0.75)
    hint = sorted({_INDEX[c][0] for c in close})
    suggest = f"; did you mean {' or '.join(hint)}?" if hint else ""
    raise ReferatError(
        f"unknown municipality {given!r}{suggest} ('referat fetch --list' shows the "
        f"{len(HOSTS)} known ones; a site's URL works too)"
    )


def _from_url(text: str) -> Site:
    parts = urlsplit(text)
    if not parts.hostname:
        raise ReferatError(f"{text}: not a site URL (no host)")
    try:
        parts.port  # noqa: B018  a bad port raises here
    except ValueError:
        raise ReferatError(f"{text}: not a site URL (bad port)") from None
    path = _PAGES.split(parts.path, maxsplit=1)[0].rstrip("/")  # a page's URL: its site
    base = f"{parts.scheme.lower()}://{parts.netloc.lower()}{path}"
    name = next((name for name, host in HOSTS if host == parts.hostname.lower()), None)
    return Site(base, name)


def known_sites() -> list[tuple[str, str, str]]:
    """Every known municipality: name, slug and host, by name."""
    return [(name, slug(host), host) for name, host in HOSTS]
