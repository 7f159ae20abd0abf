"""Static facts behind the demo election: its process, Quintana Roo's geography, its political actors and common
names.

Municipalities carry their real INEGI keys and 2020 census population. The fifteen local districts, their
cabeceras and the secciones each one holds are plausible, not the official 2023 distritación: enough to
behave like the real thing (Cancún holds several districts, small municipalities share one).
"""

import datetime
from typing import NamedTuple

ENTITY = 23
ENTITY_NAME = "Quintana Roo"
REGISTRATION_PREFIX = "QROO-2027-"

DEMO_PROCESS = {
    "name": "Proceso Electoral Local Ordinario 2027",
    "entity": ENTITY,
    "election_day": datetime.date(2027, 6, 6),
    "capture_deadline": datetime.date(2027, 4, 30),
}
ELECTION_DAY = DEMO_PROCESS["election_day"]


class MunicipalityFact(NamedTuple):
    key: str  # INEGI key, five digits
    name: str
    population: int  # 2020 census
    syndics: int  # sindicaturas (fórmulas) in the planilla
    councillors: int  # regidurías (fórmulas) in the planilla


MUNICIPALITIES = [
    MunicipalityFact("23001", "Cozumel", 88_626, 2, 12),
    MunicipalityFact("23002", "Felipe Carrillo Puerto", 83_990, 1, 12),
    MunicipalityFact("23003", "Isla Mujeres", 22_686, 1, 10),
    MunicipalityFact("23004", "Othón P. Blanco", 233_648, 2, 16),
    MunicipalityFact("23005", "Benito Juárez", 911_503, 2, 18),
    MunicipalityFact("23006", "José María Morelos", 39_165, 1, 10),
    MunicipalityFact("23007", "Lázaro Cárdenas", 29_171, 1, 10),
    MunicipalityFact("23008", "Solidaridad", 333_800, 2, 16),
    MunicipalityFact("23009", "Tulum", 46_721, 1, 11),
    MunicipalityFact("23010", "Bacalar", 41_754, 1, 10),
    MunicipalityFact("23011", "Puerto Morelos", 26_921, 1, 10),
]
MUNICIPALITY_BY_KEY = {m.key: m for m in MUNICIPALITIES}


class DistrictFact(NamedTuple):
    number: int
    head_town: str  # cabecera
    sections: dict[str, int]  # municipality key -> how many secciones of that municipality it holds


DISTRICTS = [
    DistrictFact(1, "Kantunilkín", {"23007": 30, "23003": 24}),
    DistrictFact(2, "Cancún", {"23005": 62}),
    DistrictFact(3, "Cancún", {"23005": 62}),
    DistrictFact(4, "Cancún", {"23005": 62}),
    DistrictFact(5, "Cancún", {"23005": 62}),
    DistrictFact(6, "Cancún", {"23005": 62}),
    DistrictFact(7, "Cancún", {"23005": 62}),
    DistrictFact(8, "Cancún", {"23005": 40, "23011": 22}),
    DistrictFact(9, "Playa del Carmen", {"23008": 60}),
    DistrictFact(10, "Playa del Carmen", {"23008": 48, "23009": 30}),
    DistrictFact(11, "Cozumel", {"23001": 52}),
    DistrictFact(12, "Felipe Carrillo Puerto", {"23002": 48, "23006": 30}),
    DistrictFact(13, "Bacalar", {"23010": 32, "23004": 28}),
    DistrictFact(14, "Chetumal", {"23004": 60}),
    DistrictFact(15, "Chetumal", {"23004": 58}),
]
DISTRICT_BY_NUMBER = {d.number: d for d in DISTRICTS}


def districts_of_municipality(key: str) -> list[int]:
    """The districts that hold secciones of a municipality, in order."""
    return [d.number for d in DISTRICTS if key in d.sections]


class CargoFact(NamedTuple):
    code: str
    name: str
    scope: str  # as written in the import file: entidad, distrito, municipio, lista
    order: int
    publication_start: str  # campaign start


CARGOS = [
    CargoFact("GUB", "Gubernatura", "entidad", 1, "2027-04-04"),
    CargoFact("DIP_MR", "Diputación local MR", "distrito", 2, "2027-04-19"),
    CargoFact("DIP_RP", "Diputación local RP", "lista", 3, "2027-04-19"),
    CargoFact("PM", "Presidencia municipal", "municipio", 4, "2027-04-19"),
    CargoFact("SIN", "Sindicatura", "municipio", 5, "2027-04-19"),
    CargoFact("REG", "Regiduría", "municipio", 6, "2027-04-19"),
]
MINIMUM_AGE = {"GUB": 30}  # other cargos: DEFAULT_MINIMUM_AGE
DEFAULT_MINIMUM_AGE = 21
RP_LIST_LENGTH = 10


class PartyFact(NamedTuple):
    acronym: str
    name: str
    color: str
    local: bool = False


PARTIES = [
    PartyFact("PAN", "Partido Acción Nacional", "#0059B3"),
    PartyFact("PRI", "Partido Revolucionario Institucional", "#E31B23"),
    PartyFact("PRD", "Partido de la Revolución Democrática", "#FFCC00"),
    PartyFact("PVEM", "Partido Verde Ecologista de México", "#50B747"),
    PartyFact("PT", "Partido del Trabajo", "#D52B1E"),
    PartyFact("MC", "Movimiento Ciudadano", "#FF8300"),
    PartyFact("MORENA", "Morena", "#A3102B"),
    PartyFact("MAS", "Movimiento Auténtico Social", "#00A3AD", local=True),
]


class AllianceFact(NamedTuple):
    """A coalition or a candidatura común and the contests where it postulates instead of its members.

    `districts` and `municipalities` list the DIP_MR districts and the ayuntamientos (PM, SIN and REG)
    it covers; None means all of them. Synthetic municipalities (large demos) are always covered.
    """

    acronym: str
    name: str
    kind: str  # as written in the import file
    members: tuple[str, ...]
    color: str
    governor: bool
    districts: frozenset[int] | None
    municipalities: frozenset[str] | None


ALLIANCES = [
    # Coalición parcial: in the south and in Cozumel MORENA, PT and PVEM go alone.
    AllianceFact(
        "SHH-QROO",
        "Sigamos Haciendo Historia en Quintana Roo",
        "coalición",
        ("MORENA", "PT", "PVEM"),
        "#7B1E3A",
        True,
        frozenset(range(1, 16)) - {11, 12, 13},
        frozenset(m.key for m in MUNICIPALITIES) - {"23001", "23002", "23007", "23009", "23010"},
    ),
    # Coalición flexible: together in the four largest municipalities, elsewhere each party on its own.
    AllianceFact(
        "FYC-QROO",
        "Fuerza y Corazón por Quintana Roo",
        "coalición",
        ("PAN", "PRI", "PRD"),
        "#1F4E9A",
        True,
        frozenset({2, 3, 4, 5, 6, 7, 8, 9, 10, 14, 15}),
        frozenset({"23003", "23004", "23005", "23008"}),
    ),
    AllianceFact(
        "MC-MAS",
        "Candidatura común Movimiento Ciudadano–MAS",
        "candidatura común",
        ("MC", "MAS"),
        "#F26A21",
        False,
        frozenset({12}),
        frozenset({"23003", "23006"}),
    ),
]


class IndependentFact(NamedTuple):
    acronym: str
    first_name: str
    last_name: str
    second_last_name: str
    sex: str  # M, H
    cargo: str  # DIP_MR (one fórmula) or PM (the whole planilla: PM, SIN and REG)
    place: str  # district number or municipality key
    color: str


INDEPENDENTS = [
    IndependentFact("CI-RCANUL", "Rosa Isela", "Canul", "Pech", "M", "DIP_MR", "11", "#6A1B9A"),
    IndependentFact("CI-JPOOT", "Javier", "Poot", "Ek", "H", "PM", "23002", "#00695C"),
    IndependentFact("CI-AMARTINEZ", "Adriana", "Martínez", "Solís", "M", "PM", "23009", "#5D4037"),
]

# Acciones afirmativas: the seven groups as written in the import file, with their share among the ~12%
# of candidacies registered under one. "joven" only for ages up to 29, "persona mayor" from 60.
AFFIRMATIVE_ACTION_SHARE = 0.12
AFFIRMATIVE_ACTION_WEIGHTS = [
    ("joven", 34),
    ("indígena", 22),
    ("LGBTTTIQ+", 12),
    ("discapacidad", 10),
    ("persona mayor", 9),
    ("migrante", 7),
    ("afromexicana", 6),
]

FEMALE_NAMES = [
    "María", "Guadalupe", "Juana", "Margarita", "Verónica", "Leticia", "Rosa", "Francisca", "Teresa",
    "Alejandra", "Patricia", "Elizabeth", "Gabriela", "Adriana", "Claudia", "Silvia", "Martha", "Laura",
    "Ana", "Norma", "Araceli", "Yolanda", "Sandra", "Mónica", "Lucía", "Carmen", "Alicia", "Isabel",
    "Beatriz", "Irma", "Rocío", "Susana", "Lorena", "Gloria", "Diana", "Karla", "Fernanda", "Daniela",
    "Andrea", "Mariana", "Valeria", "Ximena", "Paola", "Jimena", "Sofía", "Regina", "Camila", "Natalia",
    "Brenda", "Erika", "Liliana", "Miriam", "Cecilia", "Angélica", "Yesenia", "Elena", "Cristina",
    "Esther", "Josefina", "Dolores", "Concepción", "Reyna", "Maricela", "Nayeli", "Itzel", "Citlali",
    "Xóchitl", "Yazmín", "Marisol", "Estela", "Blanca", "Lizbeth", "Viridiana", "Karina", "Berenice",
    "Lourdes", "Mayra", "Carolina", "Perla", "Areli", "Judith", "Nancy",
]

MALE_NAMES = [
    "José", "Juan", "Miguel", "Francisco", "Jesús", "Antonio", "Alejandro", "Pedro", "Manuel", "Ricardo",
    "Fernando", "Roberto", "Javier", "Jorge", "Carlos", "Luis", "Eduardo", "Daniel", "Sergio", "Raúl",
    "Arturo", "Rafael", "Mario", "Héctor", "Gerardo", "Enrique", "Víctor", "Alfredo", "Ramón", "Óscar",
    "Rubén", "Martín", "Salvador", "Ignacio", "Guillermo", "Ángel", "Gabriel", "Andrés", "Armando",
    "Alberto", "Hugo", "David", "Marco", "Pablo", "Adrián", "Jaime", "Joel", "Gustavo", "Rodrigo",
    "Emilio", "Diego", "Santiago", "Sebastián", "Mateo", "Emiliano", "Leonardo", "Iván", "Omar",
    "Érick", "Julio", "César", "Felipe", "Ernesto", "Gilberto", "Agustín", "Israel", "Saúl", "Abel",
    "Efraín", "Rogelio", "Benito", "Humberto", "Lorenzo", "Tomás", "Ulises", "Isaac", "Noé", "Jacinto",
    "Baltazar", "Aurelio", "Marcos", "Samuel",
]

# Second given names, for the many people called "María Fernanda" or "José Luis".
FEMALE_SECOND_NAMES = ["Fernanda", "José", "Isabel", "Elena", "Guadalupe", "del Carmen", "de los Ángeles",
                       "Alejandra", "Luisa", "Teresa", "Cristina", "Eugenia"]
MALE_SECOND_NAMES = ["Luis", "Antonio", "Manuel", "Ángel", "Alberto", "Eduardo", "Carlos", "Alfredo",
                     "de Jesús", "Guadalupe", "Francisco", "Javier"]

SURNAMES = [
    # Common across Mexico.
    "Hernández", "García", "Martínez", "López", "González", "Pérez", "Rodríguez", "Sánchez", "Ramírez",
    "Cruz", "Flores", "Gómez", "Morales", "Vázquez", "Reyes", "Jiménez", "Torres", "Díaz", "Gutiérrez",
    "Ruiz", "Mendoza", "Aguilar", "Ortiz", "Moreno", "Castillo", "Romero", "Álvarez", "Méndez", "Chávez",
    "Rivera", "Juárez", "Ramos", "Domínguez", "Herrera", "Medina", "Castro", "Vargas", "Guzmán",
    "Velázquez", "Muñoz", "Rojas", "Contreras", "Salazar", "Luna", "Ortega", "Santiago", "Guerrero",
    "Bautista", "Estrada", "Cortés", "Soto", "Alvarado", "Espinoza", "Lara", "Ávila", "Ríos", "Cervantes",
    "Silva", "Delgado", "Vega", "Márquez", "Sandoval", "Carrillo", "León", "Mejía", "Solís", "Núñez",
    "Rosas", "Valdez", "Ibarra", "Campos", "Santos", "Camacho", "Navarro", "Peña", "Maldonado", "Rosales",
    "Acosta", "Miranda", "Trejo", "Valencia", "Nava", "Pacheco", "Robles", "Molina", "Rangel", "Fuentes",
    "Escobar", "Zapata", "Villanueva", "Osorio", "Arellano", "Zúñiga", "Cabrera", "Quintero", "Beltrán",
    # Maya surnames, frequent in Quintana Roo and Yucatán.
    "Canul", "Pech", "Chan", "May", "Poot", "Tun", "Chi", "Ek", "Cauich", "Uc", "Dzib", "Balam", "Cocom",
    "Kú", "Ucán", "Caamal", "Euán", "Hoil", "Pool", "Xool", "Yam", "Cen", "Chuc", "Itzá", "Noh",
]

EMAIL_DOMAINS = ["example.com", "example.org", "example.net"]  # reserved: the demo never mails anyone
