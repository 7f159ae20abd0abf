"""The identity questionnaire answers of one demo candidacy: plausible, and consistent with its acción afirmativa
group and age; a few decline some questions, and a tenth stop halfway."""

from conoceles.questionnaires.identity_catalog import NO, NOT_APPLICABLE, YES
from conoceles.questionnaires.models import DECLINE_LABEL

from . import texts

PARTIAL_IDENTITY_SHARE = 0.10
DECLINE_SHARE = 0.03
BIRTH_ENTITIES = {
    "Quintana Roo": 55,
    "Yucatán": 15,
    "Ciudad de México": 6,
    "Campeche": 5,
    "Tabasco": 5,
    "Veracruz de Ignacio de la Llave": 5,
    "Chiapas": 4,
}
INCOME_WEIGHTS = [3, 10, 30, 30, 15, 8, 4]
INCOME_SOURCE_WEIGHTS = [55, 30, 8, 4, 3]


def identity_answers(rng, author: texts.Author) -> dict[int, tuple[list[str], str]]:
    """question number -> (option labels, detail), plausible and consistent with group and age."""
    answers: dict[int, tuple[list[str], str]] = {}

    def yes_no(number, yes_share, forced=False):
        if not forced and rng.random() < DECLINE_SHARE:
            answers[number] = ([DECLINE_LABEL], "")
            return False
        yes = forced or rng.random() < yes_share
        answers[number] = ([YES if yes else NO], "")
        return yes

    def one(number, labels, weights=None):
        if rng.random() < DECLINE_SHARE:
            answers[number] = ([DECLINE_LABEL], "")
        else:
            answers[number] = ([rng.choices(labels, weights=weights)[0]], "")

    group = author.group
    indigenous = yes_no(1, 0.12, group == "indigenous")
    yes_no(2, 0.7 if indigenous else 0.05)
    answers[3] = (["Maya" if rng.random() < 0.9 else "Tsotsil"] if indigenous else [NOT_APPLICABLE], "")
    if yes_no(4, 0.04, group == "disability"):
        one(5, ["Permanente", "Temporal"], [8, 2])
        one(6, ["Física", "Sensorial", "Mental", "Intelectual"], [5, 3, 1, 1])
        options = ["Caminar, subir o bajar escaleras", "Ver, aunque use lentes", "Oír, aunque use aparato auditivo"]
        answers[7] = (rng.sample(options, rng.randrange(1, 3)), "")
    yes_no(8, 0.02, group == "afromexican")
    if yes_no(9, 0.04, group == "lgbt"):
        if author.sex == "X":
            answers[10] = (["Persona queer o no binaria"], "")
        else:
            one(10, ["Hombre gay", "Mujer lesbiana", "Persona bisexual", "Mujer trans", "Hombre trans"])
    if yes_no(11, 0.02, group == "migrant"):
        one(12, ["Estados Unidos de América", "Canadá", "España", "Belice"], [8, 1, 1, 1])
        one(13, ["0 a 5 años", "6 a 15 años", "Más de 15 años"])
        one(14, ["Familiar", "Estudio", "Trabajo", "Otro"], [3, 2, 5, 1])
        yes_no(15, 0.5)
    yes_no(16, 0, author.age <= 29 or group == "youth")
    yes_no(17, 0, author.age >= 60 or group == "elderly")
    one(
        18,
        [
            "No recibe ingresos",
            "Menos de $11,000",
            "$11,001–$25,000",
            "$25,001–$50,000",
            "$50,001–$75,000",
            "$75,001–$112,000",
            "Más de $112,000",
        ],
        INCOME_WEIGHTS,
    )
    one(
        19,
        [
            "Salario",
            "Negocio propio",
            "Compañía o empresa registrada con 5 empleados o más",
            "No ha laborado en los 3 meses anteriores",
            "Otra",
        ],
        INCOME_SOURCE_WEIGHTS,
    )
    one(20, list(BIRTH_ENTITIES), list(BIRTH_ENTITIES.values()))
    if rng.random() < PARTIAL_IDENTITY_SHARE:  # stopped halfway: the later questions stay unanswered
        stop = rng.randrange(4, 18)
        answers = {n: a for n, a in answers.items() if n < stop}
    return answers
