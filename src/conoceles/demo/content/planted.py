"""Cases planted on purpose for the content-rule assistants to find: near-copied proposals, another party named, a
rival candidate named and a campaign slogan, about one every few hundred complete questionnaires."""

from dataclasses import dataclass

from conoceles.elections.models import PoliticalActor
from conoceles.questionnaires.rubros import FIELDS_BY_NAME

# Planted cases: one every so many complete questionnaires (about 0.5 %, 0.5 %, 0.3 % and 0.3 %), the first ones
# early, so that even a 300-candidacy demo has each kind.
PLANT_EVERY = {"near_copy": 200, "party": 200, "rival": 333, "slogan": 333}
PLANT_FIRST = {"near_copy": 17, "party": 41, "rival": 67, "slogan": 89}

SLOGANS = [
    "¡Vota por el cambio!",
    "¡Este 6 de junio, vota por {town}!",
    "¡Juntos vamos a ganar!",
    "¡Vota y gana con nosotros!",
    "¡El 6 de junio, marca la boleta por el cambio!",
    "¡Ni un voto menos, vamos por todo!",
]
SWAP_WORDS = ["nuevas", "mejores", "integral", "municipal", "suficientes", "eficaces", "públicas", "abiertas"]


@dataclass(frozen=True)
class PlantedCase:
    kind: str  # near_copy, party, rival, slogan
    candidacy_id: int
    field: str  # the CurricularQuestionnaire field that holds it
    detail: str  # the text planted: the copied proposal, the party's siglas or name, the rival's full name, the slogan
    source_id: int | None = None  # near_copy: the candidacy whose proposal was copied; rival: the rival's id


class Planter:
    """Plants the cases in the questionnaires as they are composed; they are collected in `planted`."""

    def __init__(self, rules, actors: dict, planted: list[PlantedCase]):
        self.rules = rules
        self.actors = actors  # pk -> PoliticalActor of the process, with its members
        self.parties = [a for a in actors.values() if a.kind == PoliticalActor.Kind.PARTY]
        self.planted = planted
        self.last_proposal: tuple[int, str] | None = None
        self.complete_seen = 0
        self.plant_due = dict(PLANT_FIRST)

    def plant(self, rng, candidacy_id, row, author, values, contest_rows):
        """Plant the first kind that is due at this complete questionnaire (a kind that cannot be planted here,
        e.g. a rival in a contest without one, stays due for the next)."""
        self.complete_seen += 1
        kind = next((k for k, due in self.plant_due.items() if due <= self.complete_seen), None)
        case = None
        if kind == "near_copy" and self.last_proposal is not None:
            source_id, text = self.last_proposal
            copied = self._near_copy(rng, text)
            if self.rules.min_text_length <= len(copied) <= self.rules.proposal_max:
                values["proposal_1"] = copied
                case = PlantedCase(kind, candidacy_id, "proposal_1", copied, source_id)
        elif kind == "party":
            own = self.actors[row[2]]
            members = {m.pk for m in own.members.all()} | {own.pk}
            others = [p for p in self.parties if p.pk not in members]
            if others:
                party = rng.choice(others)
                sentence, mention = rng.choice(
                    (
                        (f"Antes colaboré con el {party.name} ({party.acronym}), del que me separé.", party.acronym),
                        (f"No comparto lo que el {party.acronym} ha hecho en este lugar.", party.acronym),
                        (f"Me formé en las juventudes del {party.name}.", party.name),
                    )
                )
                case = self._insert_sentence(values, "political_trajectory", sentence, mention, candidacy_id, kind)
        elif kind == "rival":
            rivals = [r for r in contest_rows if r[2] != row[2]]
            if rivals:
                rival = rng.choice(rivals)
                name = " ".join(p for p in rival[3:6] if p)
                sentence = f"A diferencia de {name}, yo sí conozco las necesidades de la gente."
                case = self._insert_sentence(values, "motivation", sentence, name, candidacy_id, kind, rival[0])
        elif kind == "slogan":
            slogan = rng.choice(SLOGANS).format(town=author.town)
            case = self._insert_sentence(values, "proposal_2", slogan, slogan, candidacy_id, kind)
        if case is not None:
            self.planted.append(case)
            self.plant_due[kind] += PLANT_EVERY[kind]
        elif rng.random() < 0.05 or self.last_proposal is None:
            self.last_proposal = (candidacy_id, values["proposal_1"])

    def _insert_sentence(self, values, name, sentence, detail, candidacy_id, kind, source_id=None):
        """The sentence after the text's first one (so that trimming to the limit keeps it)."""
        text = values[name]
        first, dot, rest = text.partition(". ")
        new = f"{first}{dot}{sentence} {rest}".strip() if dot else f"{text} {sentence}"
        limit = self.rules.limit(FIELDS_BY_NAME[name].limit)
        if len(new) > limit:
            return None
        values[name] = new
        return PlantedCase(kind, candidacy_id, name, detail, source_id)

    @staticmethod
    def _near_copy(rng, text: str) -> str:
        """The text with two of its longer words replaced."""
        words = text.split(" ")
        candidates = [i for i, w in enumerate(words) if len(w) >= 6 and w.isalpha() and w.islower()]
        for index in rng.sample(candidates, min(2, len(candidates))):
            words[index] = rng.choice(SWAP_WORDS)
        return " ".join(words)
