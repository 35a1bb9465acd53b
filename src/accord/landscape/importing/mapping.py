"""Values other tools write that are not on Accord's lists, and what Accord reads them as.

A map made in Kumu says "Organization" or "Person" where Accord has its own types of
stakeholder, and "influence" where Accord says "influences". Such a value is not refused row by
row: each distinct one is listed once in the dry run with a guess (`guess`), read as that guess on
every row, and the person confirms or changes it before the commit. What they chose is remembered
for the alliance (`ImportValueMapping`) and offered first at the next import.

A new stakeholder with no type at all is listed the same way, under the empty value.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext

from accord.landscape.importing.values import lookup, squash
from accord.landscape.models import Scope, StakeholderType, Tie

# The columns whose values come from one of Accord's lists.
MAPPED = ("type", "scope", "kind", "strength")
NO_VALUE = ""  # the key of "no type given" for new stakeholders

T, K = StakeholderType, Tie.Kind

# Words other tools and people use, in English, Spanish and French, and the value they most
# probably mean. Looked up whole first, then word by word (the first word found wins).
_WORDS: dict[str, dict[str, str]] = {
    "type": {
        "person": T.EXPERT,
        "individual": T.EXPERT,
        "people": T.EXPERT,
        "persona": T.EXPERT,
        "personne": T.EXPERT,
        "expert": T.EXPERT,
        "experto": T.EXPERT,
        "organization": T.LOCAL_NGO,
        "organisation": T.LOCAL_NGO,
        "organización": T.LOCAL_NGO,
        "organizacion": T.LOCAL_NGO,
        "ngo": T.LOCAL_NGO,
        "ong": T.LOCAL_NGO,
        "cso": T.LOCAL_NGO,
        "nonprofit": T.LOCAL_NGO,
        "association": T.MEMBER_BASED,
        "asociación": T.MEMBER_BASED,
        "union": T.MEMBER_BASED,
        "sindicato": T.MEMBER_BASED,
        "syndicat": T.MEMBER_BASED,
        "cooperative": T.MEMBER_BASED,
        "cooperativa": T.MEMBER_BASED,
        "coopérative": T.MEMBER_BASED,
        "network": T.MEMBER_BASED,
        "red": T.MEMBER_BASED,
        "réseau": T.MEMBER_BASED,
        "ingo": T.INGO,
        "women": T.WOMENS_RIGHTS,
        "mujeres": T.WOMENS_RIGHTS,
        "femmes": T.WOMENS_RIGHTS,
        "feminist": T.WOMENS_RIGHTS,
        "donor": T.DONOR_FOUNDATION,
        "funder": T.DONOR_FOUNDATION,
        "foundation": T.DONOR_FOUNDATION,
        "fundación": T.DONOR_FOUNDATION,
        "fondation": T.DONOR_FOUNDATION,
        "donante": T.DONOR_FOUNDATION,
        "bailleur": T.DONOR_FOUNDATION,
        "embassy": T.DONOR_BILATERAL,
        "embajada": T.DONOR_BILATERAL,
        "ambassade": T.DONOR_BILATERAL,
        "university": T.ACADEMIC,
        "universidad": T.ACADEMIC,
        "université": T.ACADEMIC,
        "research": T.ACADEMIC,
        "academia": T.ACADEMIC,
        "academic": T.ACADEMIC,
        "think": T.OTHER_SECTOR,
        "company": T.PRIVATE,
        "business": T.PRIVATE,
        "corporation": T.PRIVATE,
        "firm": T.PRIVATE,
        "empresa": T.PRIVATE,
        "entreprise": T.PRIVATE,
        "société": T.PRIVATE,
        "private": T.PRIVATE,
        "government": T.NATIONAL_GOVERNMENT,
        "ministry": T.NATIONAL_GOVERNMENT,
        "gobierno": T.NATIONAL_GOVERNMENT,
        "ministerio": T.NATIONAL_GOVERNMENT,
        "gouvernement": T.NATIONAL_GOVERNMENT,
        "ministère": T.NATIONAL_GOVERNMENT,
        "agency": T.NATIONAL_GOVERNMENT,
        "municipality": T.LOCAL_AUTHORITY,
        "council": T.LOCAL_AUTHORITY,
        "municipalidad": T.LOCAL_AUTHORITY,
        "municipio": T.LOCAL_AUTHORITY,
        "mairie": T.LOCAL_AUTHORITY,
        "commune": T.LOCAL_AUTHORITY,
        "parliament": T.PARLIAMENT,
        "congress": T.PARLIAMENT,
        "congreso": T.PARLIAMENT,
        "parlement": T.PARLIAMENT,
        "assemblée": T.PARLIAMENT,
        "legislator": T.PARLIAMENT,
        "mp": T.PARLIAMENT,
        "church": T.RELIGIOUS_TRADITIONAL,
        "religious": T.RELIGIOUS_TRADITIONAL,
        "iglesia": T.RELIGIOUS_TRADITIONAL,
        "église": T.RELIGIOUS_TRADITIONAL,
        "chief": T.RELIGIOUS_TRADITIONAL,
        "traditional": T.RELIGIOUS_TRADITIONAL,
        "media": T.MEDIA,
        "press": T.MEDIA,
        "journalist": T.MEDIA,
        "newspaper": T.MEDIA,
        "radio": T.MEDIA,
        "medios": T.MEDIA,
        "médias": T.MEDIA,
        "presse": T.MEDIA,
        "un": T.UN_AGENCY,
        "onu": T.UN_AGENCY,
        "multilateral": T.DONOR_MULTILATERAL,
        "bank": T.DONOR_MULTILATERAL,
    },
    "scope": {
        "community": Scope.GRASSROOTS,
        "comunidad": Scope.GRASSROOTS,
        "communauté": Scope.GRASSROOTS,
        "base": Scope.GRASSROOTS,
        "regional": Scope.LOCAL,
        "régional": Scope.LOCAL,
        "district": Scope.LOCAL,
        "provincial": Scope.LOCAL,
        "nacional": Scope.NATIONAL,
        "country": Scope.NATIONAL,
        "internacional": Scope.INTERNATIONAL,
        "global": Scope.INTERNATIONAL,
        "mundial": Scope.INTERNATIONAL,
    },
    "kind": {
        "influence": K.INFLUENCES,
        "influencia": K.INFLUENCES,
        "influye": K.INFLUENCES,
        "affects": K.INFLUENCES,
        "power": K.INFLUENCES,
        "advises": K.INFLUENCES,
        "funding": K.FUNDS,
        "fund": K.FUNDS,
        "finance": K.FUNDS,
        "financia": K.FUNDS,
        "financement": K.FUNDS,
        "grant": K.FUNDS,
        "donation": K.FUNDS,
        "member": K.MEMBER_OF,
        "membership": K.MEMBER_OF,
        "miembro": K.MEMBER_OF,
        "membre": K.MEMBER_OF,
        "ally": K.ALLIED_WITH,
        "alliance": K.ALLIED_WITH,
        "alianza": K.ALLIED_WITH,
        "partner": K.ALLIED_WITH,
        "partnership": K.ALLIED_WITH,
        "collaboration": K.ALLIED_WITH,
        "colaboración": K.ALLIED_WITH,
        "cooperation": K.ALLIED_WITH,
        "personal": K.ALLIED_WITH,
        "friend": K.ALLIED_WITH,
        "opposition": K.OPPOSES,
        "conflict": K.OPPOSES,
        "conflicto": K.OPPOSES,
        "against": K.OPPOSES,
        "oppose": K.OPPOSES,
        "reports": K.REPORTS_TO,
        "reporting": K.REPORTS_TO,
        "employee": K.REPORTS_TO,
        "employs": K.REPORTS_TO,
        "contractor": K.REPORTS_TO,
        "hierarchy": K.REPORTS_TO,
        "works": K.REPORTS_TO,
    },
    "strength": {
        "weak": "1",
        "low": "1",
        "débil": "1",
        "bajo": "1",
        "faible": "1",
        "medium": "2",
        "moderate": "2",
        "medio": "2",
        "moyen": "2",
        "moyenne": "2",
        "strong": "3",
        "high": "3",
        "fuerte": "3",
        "alto": "3",
        "fort": "3",
        "forte": "3",
    },
}
# When nothing fits: the most common kind of each list.
_DEFAULT = {"type": T.LOCAL_NGO, "scope": Scope.NATIONAL, "kind": K.INFLUENCES, "strength": "2"}


def key(raw: Any) -> str:
    """How a value is remembered: lower case, spaces squashed."""
    return squash("" if raw is None else str(raw))


def choices(column: str) -> list[tuple[str, str]]:
    """(value, label in the active language) of the list a column takes."""
    if column == "type":
        return [(v, str(label)) for v, label in StakeholderType.choices]
    if column == "scope":
        return [(v, str(label)) for v, label in Scope.choices]
    if column == "kind":
        return [(v, str(label)) for v, label in Tie.Kind.choices]
    return [("1", gettext("1, weak")), ("2", gettext("2, medium")), ("3", gettext("3, strong"))]


def valid(column: str, value: str) -> bool:
    return value in {v for v, _label in choices(column)}


def known(column: str, raw: Any) -> str | None:
    """The value itself when the cell already says one of Accord's (value or English label)."""
    if column == "strength":
        text = key(raw)
        return text if text in {"1", "2", "3"} else None
    return lookup(column).get(key(raw))


def guess(column: str, raw: Any) -> str:
    """The most probable value of Accord's list for a value it does not know."""
    words = _WORDS[column]
    text = key(raw)
    if text in words:
        return words[text]
    for word in text.replace("-", " ").replace("/", " ").replace("'", " ").split():
        if word in words:
            return words[word]
        if word.endswith("s") and word[:-1] in words:
            return words[word[:-1]]
        found = known(column, word)
        if found:
            return found
    if text:
        from rapidfuzz import fuzz, process

        options = {k: v for k, v in lookup(column).items()} if column != "strength" else {}
        best = process.extractOne(text, list(options), scorer=fuzz.WRatio, score_cutoff=80)
        if best is not None:
            return options[best[0]]
    return _DEFAULT[column]
