"""The SMART check of a policy purpose, in plain words.

Pure function over anything that has the purpose's attributes, so the page, the API, the
roadmap and the command line all say the same thing.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

Text = str | Promise
_DIGIT = re.compile(r"\d")
_WORD = re.compile(r"[a-z0-9%$€£]+")
_UNIT = re.compile(r"[a-z]+|[%$€£]")


def _vocabulary(words: str) -> frozenset[str]:
    return frozenset(words.split())


# The coach reads purposes written in English, Spanish or French. Words are compared without
# accents and in lower case; a stem ending in "*" matches any word that starts with it.
_INSTRUMENTS = _vocabulary(
    """
    law laws act acts bill bills code legislation* regulat* decree* ordinance* rule rules policy policies
    strateg* plan plans budget* programme* program programs fund funds funding allocation* standard*
    guideline* directive* framework* pledge* commitment* reform* amendment* article* constitution* tax taxes
    tariff* subsid* protocol* treaty treaties convention* statute*
    ley leyes reglamento* regulacion* decreto* ordenanza* norma normas normativa* politica* estrategia*
    presupuest* partida* programa* fondo fondos asignacion* directriz directrices marco compromiso*
    reforma* enmienda* articulo* constitucion* impuesto* protocolo* tratado* convenio* codigo
    loi lois reglement* decret* arrete* norme* politique* strategie* budgetaire* ligne fonds engagement*
    amendement* impot* taxe* subvention* traite* cadre
    """
)
_LAWS = _vocabulary(
    """
    law laws act bill bills legislation* statute* constitution* amendment* code
    ley leyes legislacion* constitucion* enmienda* codigo loi lois legislation* amendement*
    """
)
_OFFICES = _vocabulary(
    """
    ministry ministries minister* parliament* congress* senat* assembl* committee* council* cabinet
    government* president* presiden* prime department* office* agency agencies authorit* commission*
    board bureau* court* municipal* mayor* governor* district* province* provincial state secretar*
    directorate* legislat* candidate* party parties
    ministerio* ministro* ministra* parlamento* congreso* senado* asamblea* comision* comite* consejo*
    gabinete* gobierno* departamento* oficina* agencia* autoridad* junta* tribunal* corte* municipalidad*
    municipio* alcald* gobernador* gobernacion* region* secretaria* direccion* candidat*
    ministere* ministre* parlement* assemblee* comite* conseil* gouvernement* departement* agence*
    autorite* cour mairie* maire* prefe* gouverneur* direction* deputes
    """
)
_VAGUE = _vocabulary(
    """
    improve* strengthen* promote* promotion support* enhanc* raise raising awareness advocat* encourag*
    foster* empower* ensure better more sensiti* mobilis* mobiliz* highlight* address* tackle
    mejorar* fortalecer* fortalecimiento promover* promocion apoyar* apoyo impulsar* fomentar*
    sensibiliz* concienci* conciencia visibiliz* garantizar* mejor mas empoderar*
    ameliorer* amelioration renforcer* renforcement promouvoir* soutenir* soutien appuyer* appui
    favoriser* encourager* sensibilis* conscience garantir* mieux plus
    """
)
_CAMPAIGN = _vocabulary(
    """
    awareness campaign* sensiti* educat* inform* outreach
    sensibiliz* concienci* conciencia campana* campaña* difusion
    sensibilis* campagne* conscience
    """
)
_STOP = _vocabulary(
    """
    a an the of to in on for and or with by at as from that this these its it their our be is are
    will can so than into about all every each
    el la los las un una unos unas de del al y o en con por para que su sus se es son lo le les
    du des et ou au aux dans sur pour par avec qui leur leurs ce cette ces est sont
    """
)
_QUANTITY = _vocabulary(
    """
    % percent percentage point points $ € £ usd eur gel zmw pen sol soles kwacha lari million millions
    billion billions porcentaje puntos millones pour cent pourcentage milliards
    """
)
_BASELINE = _vocabulary(
    """
    from baseline currently current today now last previous than against compared vs versus
    ultima ultimo anterior derniere dernier precedent
    desde actual actualmente hoy frente base partir linea
    depuis contre actuellement aujourd reference rapport partir
    """
)
# A law rarely goes from a draft to adoption in less than a year; a purpose more than ten years
# away outlives the alliance's members and the officials who would decide it.
_LAW_MIN_DAYS = 365
_MAX_DAYS = 3653
_MIN_WORDS = 3


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _words(value: Any) -> list[str]:
    return _WORD.findall(_fold(str(value or "")))


def _matches(word: str, vocabulary: frozenset[str]) -> bool:
    if word in vocabulary or (word.endswith("s") and word[:-1] in vocabulary):
        return True
    return any(stem.endswith("*") and word.startswith(stem[:-1]) for stem in vocabulary)


def _mentions(value: Any, vocabulary: frozenset[str]) -> bool:
    return any(_matches(word, vocabulary) for word in _words(value))


def _content_words(value: Any) -> list[str]:
    """Words that carry meaning: not small words, not the vague verbs of advocacy."""
    return [w for w in _words(value) if w not in _STOP and not _matches(w, _VAGUE) and len(w) > 1]


def _too_short(value: Any) -> bool:
    return len([w for w in _words(value) if w not in _STOP]) < _MIN_WORDS


@dataclass
class Letter:
    letter: str
    name: Text
    ok: bool
    problems: list[Text] = field(default_factory=list)
    fix: Text = ""
    notes: list[Text] = field(default_factory=list)


@dataclass
class SmartResult:
    letters: list[Letter]

    @property
    def passes(self) -> bool:
        return all(letter.ok for letter in self.letters)

    @property
    def failing(self) -> list[Letter]:
        return [letter for letter in self.letters if not letter.ok]


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def check(purpose: Any, *, today: dt.date) -> SmartResult:
    """Check a purpose (any object with the Purpose fields) against the five letters, as a coach
    who knows the method would: not only whether each field is filled, but whether it names an
    instrument, an institution, a change with an object, a unit and a starting point, and a
    deadline that fits the kind of change. Each problem says in plain words how to fix it.

    `today` is the alliance's day (`alliance.today()`): a deadline is judged on the alliance's
    calendar, not the server's."""
    get = lambda name: getattr(purpose, name, None)  # noqa: E731
    policy, decision_maker, change_sought = get("policy"), get("decision_maker"), get("change_sought")

    s_problems: list[Text] = []
    if _blank(policy):
        s_problems.append(_("It does not name the policy, law or budget line to change."))
    elif not _mentions(policy, _INSTRUMENTS):
        s_problems.append(
            _(
                "The policy field names no instrument. Say which law, regulation, strategy, budget line, "
                "programme or public commitment should change."
            )
        )
    if _blank(decision_maker):
        s_problems.append(_("It does not say who takes the decision."))
    elif not _mentions(decision_maker, _OFFICES):
        s_problems.append(
            _(
                "The decision-maker is not an institution or an office. Name who can make the change: a "
                "ministry, a parliamentary committee, a council, an official's post."
            )
        )
    if _blank(change_sought):
        s_problems.append(_("It does not say what should change."))
    elif len(_content_words(change_sought)) < _MIN_WORDS:
        s_problems.append(
            _(
                "The change sought is too vague: words like 'improve', 'strengthen', 'promote', 'support' or "
                "'raise awareness' say what you will do, not what should be different. Say what the "
                "decision-maker should adopt, fund or stop, and for whom."
            )
        )
    elif _mentions(change_sought, _CAMPAIGN) and not _mentions(change_sought, _INSTRUMENTS):
        s_problems.append(
            _(
                "This reads as a campaign, not a policy change. A campaign can serve the purpose, but the "
                "purpose is the change in law, budget or programme the campaign is for: name it."
            )
        )
    specific = Letter(
        "S",
        _("Specific"),
        not s_problems,
        s_problems,
        _("Name the policy, the decision-maker (a ministry, a committee, an official) and the change you ask of them."),
    )

    m_problems: list[Text] = []
    if _blank(get("measure")):
        m_problems.append(_("There is no measure of success."))
    target = get("target")
    if _blank(target):
        m_problems.append(_("There is no target value."))
    elif not _DIGIT.search(str(target)):
        m_problems.append(_("The target has no number, so no one can tell when it is reached."))
    elif not re.sub(r"[\d\s.,:;+\-/]", "", str(target)):
        m_problems.append(
            _(
                "The target is a bare number. Say what it counts: a percentage of the budget, people reached, laws adopted."
            )
        )
    elif any(_matches(w, _QUANTITY) for w in _UNIT.findall(_fold(str(target)))) and not (
        _mentions(target, _BASELINE) or _mentions(get("measure"), _BASELINE)
    ):
        m_problems.append(
            _(
                "The target gives an amount but no starting point. Add the baseline, for example "
                "'4% of the budget, from 0.3% today', so progress can be seen."
            )
        )
    measurable = Letter(
        "M",
        _("Measurable"),
        not m_problems,
        m_problems,
        _(
            "Say how you will know it worked and give a number to reach, such as '4% of the budget' or 'law adopted in 2 readings'."
        ),
    )

    a_problems: list[Text] = []
    if _blank(get("resources_needed")):
        a_problems.append(_("The resources needed (people, skills, money) are not stated."))
    elif _too_short(get("resources_needed")):
        a_problems.append(
            _("A word or two cannot tell the members what the work takes. List the people, skills and money needed.")
        )
    achievable = Letter(
        "A",
        _("Achievable"),
        not a_problems,
        a_problems,
        _("List the staff time, expertise and money the effort will take, so members can see whether it can be done."),
    )

    r_problems: list[Text] = []
    r_notes: list[Text] = []
    controversy = get("controversy")
    if _blank(controversy):
        r_problems.append(_("How controversial the issue is has not been assessed."))
    elif controversy == "high":
        r_notes.append(
            _(
                "The issue is highly controversial: check that the alliance can carry the opposition without spending all its energy on it."
            )
        )
    if _blank(get("risk_of_acting")):
        r_problems.append(_("The risk of acting is not described."))
    elif _too_short(get("risk_of_acting")):
        r_problems.append(_("The risk of acting is too short to weigh. Say who could push back, and how."))
    if _blank(get("risk_of_silence")):
        r_problems.append(_("The risk of staying silent is not described."))
    elif _too_short(get("risk_of_silence")):
        r_problems.append(_("The risk of staying silent is too short to weigh. Say what happens if nobody acts."))
    realistic = Letter(
        "R",
        _("Realistic"),
        not r_problems,
        r_problems,
        _("Rate the controversy and write what could go wrong if you act, and what happens if you stay silent."),
        r_notes,
    )

    t_problems: list[Text] = []
    deadline = get("deadline")
    if deadline is None:
        t_problems.append(_("There is no deadline."))
    elif deadline <= today:
        t_problems.append(_("The deadline has already passed."))
    elif (deadline - today).days > _MAX_DAYS:
        t_problems.append(
            _(
                "The deadline is more than ten years away: members and officials will have changed by then. "
                "Choose a nearer date, such as the end of the next parliamentary term."
            )
        )
    elif (deadline - today).days < _LAW_MIN_DAYS and (_mentions(policy, _LAWS) or _mentions(change_sought, _LAWS)):
        t_problems.append(
            _(
                "A law rarely goes from draft to adoption in less than a year. Give it more time, or aim "
                "first at a step that can happen sooner, such as the draft reaching parliament."
            )
        )
    time_bound = Letter(
        "T",
        _("Time-bound"),
        not t_problems,
        t_problems,
        _(
            "Set the date by which the change should happen, for example the next budget vote or the end of the parliamentary term."
        ),
    )

    return SmartResult([specific, measurable, achievable, realistic, time_bound])
