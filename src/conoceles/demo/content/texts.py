"""Phrase banks and the composition of plausible curricular texts, in Spanish, for the demo election.

Each text is composed sentence by sentence from short fragments chosen at random (plus years, numbers and the
place of the contest), so two candidacies seldom share more than a few words in a row: a near-copy detector
must not flag everybody. The banks never name a political party, a coalition, a person or a slogan: the demo
plants those on purpose (see `conoceles.demo.content.planted`), and tests check that nothing else has them.
"""

import random
import re
from dataclasses import dataclass

# --------------------------------------------------------------------------------------------------------
# Who writes: the facts of a candidacy the texts draw on
# --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Author:
    sex: str  # M, H, X
    age: int
    cargo: str  # cargo code: GUB, DIP_MR, DIP_RP, PM, SIN, REG (others: treated as municipal)
    place: str  # "Cozumel", "el distrito 5 (Cancún)", "Quintana Roo"
    town: str  # a town for streets and institutions: "Cancún", "Chetumal"
    group: str  # affirmative action group code or ""
    independent: bool
    consecutive: bool

    @property
    def feminine(self) -> bool:
        return self.sex == "M"


def _g(author: Author, feminine: str, masculine: str) -> str:
    return feminine if author.feminine else masculine


# (feminine, masculine, field of study or None)
PROFESSIONS = [
    ("abogada", "abogado", "Derecho"),
    ("contadora pública", "contador público", "Contaduría Pública"),
    ("médica general", "médico general", "Medicina"),
    ("profesora de primaria", "profesor de primaria", "Educación Primaria"),
    ("ingeniera civil", "ingeniero civil", "Ingeniería Civil"),
    ("enfermera", "enfermero", "Enfermería"),
    ("administradora de empresas", "administrador de empresas", "Administración"),
    ("comerciante", "comerciante", None),
    ("guía de turistas", "guía de turistas", "Turismo Alternativo"),
    ("pescadora ribereña", "pescador ribereño", None),
    ("productora de miel", "productor de miel", None),
    ("arquitecta", "arquitecto", "Arquitectura"),
    ("psicóloga", "psicólogo", "Psicología"),
    ("trabajadora social", "trabajador social", "Trabajo Social"),
    ("periodista", "periodista", "Ciencias de la Comunicación"),
    ("cocinera", "cocinero", "Gastronomía"),
    ("bióloga marina", "biólogo marino", "Biología Marina"),
    ("economista", "economista", "Economía"),
    ("gerente de hotel", "gerente de hotel", "Gestión Hotelera"),
    ("odontóloga", "odontólogo", "Odontología"),
    ("ingeniera en sistemas", "ingeniero en sistemas", "Ingeniería en Sistemas Computacionales"),
    ("agrónoma", "agrónomo", "Agronomía"),
    ("maestra de secundaria", "maestro de secundaria", "Educación Secundaria"),
    ("transportista", "transportista", None),
    ("artesana", "artesano", None),
    ("nutrióloga", "nutriólogo", "Nutrición"),
    ("socióloga", "sociólogo", "Sociología"),
    ("instructora de buceo", "instructor de buceo", None),
]

WORKPLACES = [
    "una cooperativa pesquera",
    "el hospital general",
    "una escuela secundaria técnica",
    "un despacho contable",
    "una cadena hotelera",
    "la oficina regional de una dependencia federal",
    "un centro de salud comunitario",
    "una asociación de apicultores",
    "una constructora local",
    "una radiodifusora comunitaria",
    "una agencia de viajes",
    "el registro civil",
    "una clínica particular",
    "un bachillerato tecnológico",
    "una empresa de transporte turístico",
    "un ejido forestal",
    "una universidad pública",
    "un despacho jurídico",
    "una tienda de abarrotes familiar",
    "un parque ecoturístico",
    "la defensoría de oficio",
    "un centro de atención a víctimas",
    "una marina turística",
    "un laboratorio de análisis clínicos",
]

ROLES = [
    "auxiliar administrativa|auxiliar administrativo",
    "coordinadora de área|coordinador de área",
    "jefa de departamento|jefe de departamento",
    "asesora jurídica|asesor jurídico",
    "encargada de compras|encargado de compras",
    "supervisora de turno|supervisor de turno",
    "directora|director",
    "analista de proyectos|analista de proyectos",
    "responsable de capacitación|responsable de capacitación",
    "gerente de operaciones|gerente de operaciones",
    "promotora comunitaria|promotor comunitario",
    "docente|docente",
    "socia fundadora|socio fundador",
    "tesorera|tesorero",
]

WORK_VERBS = ["trabajé como", "me desempeñé como", "colaboré como", "fui", "ocupé el puesto de", "laboré como"]

ACHIEVEMENT_OPENERS = ["Ahí", "En ese periodo", "Durante esa etapa", "En ese lugar", "En esos años", "Allí"]
ACHIEVEMENT_VERBS = ["coordiné", "impulsé", "encabecé", "organicé", "diseñé", "puse en marcha", "sostuve"]
PROJECTS = [
    "un programa de capacitación",
    "una campaña de vacunación",
    "un censo de necesidades",
    "un proyecto de ahorro de energía",
    "un taller de oficios",
    "una red de proveedores locales",
    "un sistema de citas en línea",
    "un plan de protección civil",
    "un fondo de apoyo solidario",
    "un programa de becas",
    "la digitalización de expedientes",
    "un huerto escolar",
    "una feria de empleo",
    "un esquema de microcréditos",
]
BENEFICIARIES = [
    "familias",
    "estudiantes",
    "personas adultas mayores",
    "productores",
    "trabajadoras del hogar",
    "jóvenes",
    "pacientes",
    "comerciantes",
    "personas usuarias",
    "niñas y niños",
]
CURRENT_OPENERS = ["Actualmente", "Hoy en día", "En la actualidad", "Desde hace poco", "Hoy"]
CURRENT_WORK = [
    "dirijo mi propio despacho",
    "atiendo un consultorio en {town}",
    "administro un negocio familiar",
    "doy clases en una preparatoria de {town}",
    "asesoro a cooperativas de la región",
    "coordino un proyecto de desarrollo local",
    "trabajo de manera independiente",
    "encabezo una pequeña empresa de servicios",
    "colaboro con una organización civil de {town}",
    "atiendo un comercio en el centro de {town}",
]

# Political trajectory and social participation
POLITICAL_ROLES = [
    "regidora|regidor",
    "síndica|síndico",
    "representante de casilla|representante de casilla",
    "delegada municipal|delegado municipal",
    "secretaria de organización de un comité municipal|secretario de organización de un comité municipal",
    "asesora legislativa|asesor legislativo",
    "presidenta de un comité vecinal|presidente de un comité vecinal",
    "coordinadora territorial|coordinador territorial",
    "consejera estatal|consejero estatal",
    "subdelegada|subdelegado",
    "enlace con organizaciones sociales|enlace con organizaciones sociales",
    "diputada local|diputado local",
]
ORGANIZATIONS = [
    "una asociación de padres de familia",
    "un colectivo de búsqueda de personas desaparecidas",
    "una red de mujeres emprendedoras",
    "un club deportivo juvenil",
    "una organización de defensa del manglar",
    "un comité de agua potable",
    "una brigada de limpieza de playas",
    "una asamblea ejidal",
    "un banco de alimentos",
    "una asociación de comerciantes del mercado",
    "un grupo de promotoras de salud",
    "un consejo de participación ciudadana",
    "una fundación de becas para estudiantes indígenas",
    "una red de protección animal",
    "un observatorio ciudadano de seguridad",
    "una cooperativa de vivienda",
]
CAUSES = [
    "la defensa del agua",
    "la educación de adultos",
    "la prevención de la violencia",
    "el cuidado de los cenotes",
    "la salud comunitaria",
    "la inclusión de personas con discapacidad",
    "la rendición de cuentas",
    "el rescate de espacios públicos",
    "la economía social",
    "la lengua y la cultura maya",
    "los derechos de las mujeres",
    "el deporte como herramienta de prevención",
]
JOIN_VERBS = ["Formo parte de", "He colaborado con", "Fundé", "Participo en", "Coordiné durante años", "Acompaño a"]
PARTY_LIFE = [
    "Participo en la vida política desde {year}",
    "Me afilié a la vida partidista en {year}",
    "Milito en mi partido desde {year}",
    "Inicié mi participación política en {year}",
    "Desde {year} participo activamente en la política local",
]
PARTY_LIFE_TAILS = [
    ", primero en labores de organización territorial.",
    ", cuando apoyé campañas de registro de votantes.",
    " como [voluntaria|voluntario] en {place}.",
    ", empezando como representante en casillas.",
    ", siempre cerca de las colonias de {town}.",
    ".",
]
INDEPENDENT_LIFE = [
    "No milito en ningún partido; mi trayectoria es de participación ciudadana.",
    "Mi candidatura es independiente y nace del trabajo con vecinas y vecinos.",
    "Llego sin afiliación partidista, con el respaldo de firmas ciudadanas.",
    "Nunca he tenido afiliación partidista; mi camino ha sido la organización vecinal.",
]
CONSECUTIVE = [
    "En el periodo que termina ocupé este mismo cargo y busco la elección consecutiva.",
    "Solicito la elección consecutiva para dar continuidad al trabajo de este periodo.",
    "Ocupo actualmente este cargo y me presento a la elección consecutiva.",
]

# Motivation
MOTIVATION_OPENERS = [
    "Quiero ocupar este cargo",
    "Busco este cargo",
    "Aspiro a este cargo",
    "Decidí postularme",
    "Me postulo",
    "Acepté esta candidatura",
]
MOTIVATION_REASONS = [
    "porque conozco de cerca los problemas de {place}",
    "para que las decisiones públicas se tomen escuchando a la gente",
    "porque creo que el servicio público debe rendir cuentas",
    "para devolver a mi comunidad lo que me ha dado",
    "porque las colonias de {town} merecen servicios dignos",
    "para abrir espacios a quienes nunca han sido escuchados",
    "porque he visto que la organización vecinal sí cambia las cosas",
    "para trabajar con honestidad y presupuestos abiertos",
    "porque mis hijas e hijos crecen en {place} y quiero que tengan oportunidades",
    "para llevar la experiencia de {years} años de trabajo a la administración pública",
]
MOTIVATION_MIDDLE = [
    "He recorrido {place} y escuchado a {number} personas en reuniones vecinales.",
    "Sé lo que cuesta sacar adelante un negocio y una familia en {town}.",
    "Mi experiencia me enseñó que los recursos alcanzan cuando se administran bien.",
    "Creo en el diálogo con todas las fuerzas y en acuerdos que duren.",
    "La confianza se gana con resultados medibles y con información pública.",
    "Me comprometo a publicar cada trimestre un informe de mis actividades.",
    "Conozco las carencias de las comunidades rurales y también las de la zona urbana.",
    "En mi familia aprendí que el trabajo comunitario se hace todos los días.",
]
MOTIVATION_PERSONAL = [
    "Vivo en {town} desde {year} y ahí crecieron mis hijos.",
    "Llegué a {town} en {year} buscando trabajo y aquí hice mi vida.",
    "Desde {year} recorro {place} como parte de mi trabajo.",
    "Nací en {town} y conozco cada una de sus colonias.",
    "En {year} empecé a organizar a mis vecinos por la falta de servicios.",
    "Mi familia vive del turismo desde {year} y conozco sus altibajos.",
    "Desde {year} atiendo a personas de {place} en mi trabajo diario.",
    "En {year} perdí mi empleo y entendí lo que viven muchas familias de {town}.",
]
MOTIVATION_CLOSES = [
    "Quiero ser [una representante cercana|un representante cercano].",
    "Mi compromiso es escuchar antes de decidir.",
    "Voy a trabajar de tiempo completo y con las puertas abiertas.",
    "Asumo el reto con responsabilidad y con un equipo preparado.",
    "Sé que el cargo es temporal y la responsabilidad, enorme.",
]

# Proposals, by kind of cargo
MUNICIPAL_TOPICS = [
    ("el abasto de agua potable", "colonias sin servicio continuo"),
    ("la recolección de residuos", "rutas nuevas y separación en origen"),
    ("el alumbrado público", "luminarias de bajo consumo"),
    ("la seguridad en las colonias", "policía de proximidad"),
    ("el transporte urbano", "rutas con horarios fijos"),
    ("los mercados municipales", "rehabilitación de locales"),
    ("los parques y unidades deportivas", "mantenimiento con participación vecinal"),
    ("el drenaje pluvial", "limpieza de pozos antes de la temporada de huracanes"),
    ("el ordenamiento del comercio en vía pública", "un padrón transparente"),
    ("la atención al sargazo", "brigadas permanentes en las playas"),
    ("los trámites municipales", "ventanilla única en línea"),
    ("la protección civil", "refugios temporales equipados"),
]
LEGISLATIVE_TOPICS = [
    ("la ley de aguas del estado", "tarifas justas para uso doméstico"),
    ("el presupuesto estatal", "etiquetar recursos para salud y educación"),
    ("la ley de movilidad", "derechos de peatones y ciclistas"),
    ("la protección de los manglares", "sanciones a rellenos ilegales"),
    ("la ley de transparencia", "publicar en datos abiertos las compras públicas"),
    ("el sistema de cuidados", "reconocer el trabajo no remunerado"),
    ("la ley de turismo", "que una parte de los derechos por hospedaje vuelva a las comunidades"),
    ("la atención a víctimas", "un fondo estatal suficiente"),
    ("la vivienda social", "créditos accesibles para trabajadores del sector servicios"),
    ("el código penal", "tipificar el despojo de tierras ejidales"),
]
STATE_TOPICS = [
    ("la red de hospitales", "médicos y medicamentos en todo el estado"),
    ("la seguridad pública", "coordinación con los once municipios"),
    ("el empleo en la zona maya", "apoyo a la producción de miel, chicle y madera certificada"),
    ("el transporte entre municipios", "tarifas accesibles para estudiantes"),
    ("la educación media superior", "nuevos planteles en localidades alejadas"),
    ("el turismo sostenible", "diversificar la economía del interior del estado"),
    ("la infraestructura carretera", "caminos saca cosechas"),
]
PROPOSAL_OPENERS = ["Propongo", "Impulsaré", "Promoveré", "Voy a presentar", "Me comprometo a impulsar", "Plantearé"]
PROPOSAL_ACTIONS = [
    "un programa para mejorar {topic}",
    "una reforma integral sobre {topic}",
    "un plan de trabajo sobre {topic}",
    "una revisión a fondo de {topic}",
    "un acuerdo con la ciudadanía sobre {topic}",
    "una estrategia de corto plazo para {topic}",
]
PROPOSAL_MEANS = [
    "con {focus}",
    "mediante {focus}",
    "a partir de {focus}",
    "priorizando {focus}",
    "empezando por {focus}",
]
GOAL_OPENERS = ["La meta es", "Mi objetivo es", "Me propongo", "Buscaré", "Pretendo", "El compromiso es", "Quiero"]
GOAL_TARGETS = [
    "atender a {number} hogares",
    "reducir a la mitad las quejas ciudadanas",
    "cubrir {percent} % de las colonias con rezago",
    "beneficiar a {number} familias",
    "bajar los tiempos de respuesta a menos de {days} días",
    "llegar a {number} personas",
    "duplicar la cobertura actual",
    "recuperar {percent} espacios abandonados",
]
GOAL_TIMES = [
    "en los primeros {months} meses",
    "antes de terminar el periodo",
    "durante el primer año",
    "en {months} meses",
    "a partir del segundo año",
    "en un plazo de {months} meses",
]
GOAL_FOLLOWUPS = [
    "Publicaré avances cada {months} meses con indicadores verificables.",
    "Se financiará reordenando gasto corriente, sin nuevos impuestos.",
    "Destinaré al menos {percent} % del presupuesto del área a este fin.",
    "Abriré mesas de trabajo con especialistas y vecinos de {place}.",
    "Comenzaré por las zonas de {place} con mayor rezago.",
    "Cada peso invertido se informará en un portal de datos abiertos.",
    "Habrá un consejo ciudadano que vigile su cumplimiento.",
    "Buscaré convenios con el gobierno federal para ampliar su alcance.",
    "Las colonias de {town} elegirán las obras prioritarias en asambleas.",
    "Rendiré cuentas cada {months} meses en reuniones abiertas.",
]

GENDER_OPENERS = ["Propongo", "Impulsaré", "Promoveré", "Voy a crear", "Gestionaré", "Pondré en marcha", "Plantearé"]
GENDER_INSTRUMENTS = {
    "": [
        "una red de estancias infantiles de horario ampliado",
        "unidades de atención inmediata a la violencia",
        "un protocolo contra la violencia política en razón de género",
        "créditos sin intereses para emprendimientos",
        "talleres de autonomía económica",
        "rutas de transporte seguro y alumbrado",
        "licencias de cuidado iguales para madres y padres",
        "una línea telefónica de apoyo las 24 horas",
        "casas de refugio temporal",
        "paridad en los puestos de dirección",
        "asesoría jurídica gratuita",
        "becas para concluir estudios",
    ],
    "indigenous": [
        "intérpretes de lengua maya en hospitales y ministerios públicos",
        "la consulta previa, libre e informada antes de cualquier obra",
        "becas para estudiar fuera de la localidad",
        "radios comunitarias en lengua maya",
    ],
    "disability": [
        "edificios públicos accesibles",
        "intérpretes de lengua de señas en las oficinas",
        "empleo con ajustes razonables",
        "transporte adaptado",
    ],
    "afromexican": [
        "el registro de la población afromexicana en las estadísticas locales",
        "programas contra la discriminación racial",
        "festivales que reconozcan la herencia afromexicana",
    ],
    "lgbt": [
        "trámites de identidad sin trabas",
        "campañas contra la discriminación por orientación sexual",
        "refugios para jóvenes expulsados de sus hogares",
        "protocolos de atención sin prejuicios en clínicas",
    ],
    "migrant": [
        "una oficina de atención",
        "la revalidación de estudios y oficios aprendidos en el extranjero",
        "apoyo para el retorno y la reintegración laboral",
    ],
    "youth": [
        "un programa de primer empleo",
        "espacios culturales y deportivos abiertos hasta la noche",
        "lugares reservados en los consejos ciudadanos",
        "apoyos para el transporte escolar",
    ],
    "elderly": [
        "centros de día con atención médica",
        "descuentos en transporte y trámites",
        "visitas médicas a domicilio",
    ],
}
GENDER_BENEFICIARIES = {
    "": ["para mujeres", "para madres trabajadoras", "para mujeres jefas de familia", "para niñas y adolescentes"],
    "indigenous": ["para las comunidades mayas", "para personas indígenas", "para pueblos originarios"],
    "disability": ["para personas con discapacidad", "pensando en quienes viven con una discapacidad"],
    "afromexican": ["para personas afromexicanas", "para la población afrodescendiente"],
    "lgbt": ["para personas de la diversidad sexual", "para personas trans y no binarias"],
    "migrant": ["para personas migrantes y sus familias", "para quienes regresan del extranjero"],
    "youth": ["para jóvenes", "para personas de 18 a 29 años", "para estudiantes"],
    "elderly": ["para personas mayores", "para adultas y adultos mayores"],
}
GENDER_WHERE = ["en {place}", "en las colonias de {town}", "en cada localidad de {place}", "", "desde el primer año"]
GENDER_TAILS = [
    "Lo financiaré con recursos ya etiquetados y lo evaluaré cada año.",
    "Trabajaré de la mano con organizaciones que ya atienden este tema en {place}.",
    "Empezaré con un diagnóstico participativo en los primeros {months} meses.",
    "Pediré que los resultados se publiquen desagregados por sexo y edad.",
    "Propondré que el presupuesto de este programa no pueda reducirse de un año a otro.",
    "Buscaré acuerdos con universidades para medir su efecto.",
]

# Other training
COURSES = [
    "Diplomado en Políticas Públicas",
    "Diplomado en Gestión Municipal",
    "Curso de Transparencia y Protección de Datos",
    "Diplomado en Derechos Humanos",
    "Curso de Primeros Auxilios",
    "Taller de Liderazgo Comunitario",
    "Diplomado en Finanzas Públicas",
    "Curso de Lengua Maya",
    "Diplomado en Igualdad de Género",
    "Curso de Protección Civil",
    "Diplomado en Desarrollo Sustentable",
    "Curso de Mediación y Resolución de Conflictos",
    "Taller de Oratoria",
    "Diplomado en Turismo Sustentable",
]
COURSE_HOSTS = [
    "la universidad estatal",
    "un instituto tecnológico",
    "una organización de la sociedad civil",
    "el instituto de capacitación para el trabajo",
    "una escuela de gobierno",
    "la Cruz Roja",
    "un colegio de profesionistas",
]


# --------------------------------------------------------------------------------------------------------
# Composition
# --------------------------------------------------------------------------------------------------------


_INLINE = re.compile(r"\[([^|\]]*)\|([^\]]*)\]")


def _gender_pick(author: Author, text: str) -> str:
    """'feminine|masculine' (the whole text) or '… [feminine|masculine] …' (inline) -> the author's form
    (non-binary people: the feminine, a common choice)."""
    if "|" not in text:
        return text
    masculine = author.sex == "H"
    if "[" in text:
        return _INLINE.sub(lambda m: m.group(2 if masculine else 1), text)
    feminine_form, masculine_form = text.split("|", 1)
    return masculine_form if masculine else feminine_form


class _Slots(dict):
    """The values a template may ask for, drawn only when it asks (drawing is most of the cost)."""

    def __init__(self, rng: random.Random, author: Author, extra: dict):
        super().__init__(place=author.place, town=author.town, years=max(3, author.age - 24), **extra)
        self.rng = rng

    def __missing__(self, key):
        rng = self.rng
        if key == "number":
            return f"{rng.randrange(40, 2400):,}"
        if key == "months":
            return rng.choice((3, 6, 9, 12, 18))
        if key == "percent":
            return rng.randrange(5, 31)
        if key == "days":
            return rng.randrange(3, 16)
        raise KeyError(key)


def _fill(rng: random.Random, author: Author, text: str, **extra) -> str:
    if "{" in text:
        text = text.format_map(_Slots(rng, author, extra))
    return _gender_pick(author, text)


class FastRandom(random.Random):
    """random.Random with a cheaper choice() and randrange() (one random() call each): the demo draws millions.
    Deterministic for a seed like its parent, with its own sequence."""

    def choice(self, seq):
        return seq[int(self.random() * len(seq))]

    def randrange(self, start, stop=None):
        if stop is None:
            start, stop = 0, start
        return start + int(self.random() * (stop - start))


def fit(sentences: list[str], minimum: int, maximum: int, padding: list[str]) -> str:
    """Sentences joined: at least `minimum` characters when possible (adding `padding` sentences), at most
    `maximum` (dropping whole sentences from the end, cutting only a single sentence that is too long)."""
    parts = list(sentences)
    extra = iter(padding)
    while minimum and len(" ".join(parts)) < minimum:
        more = next(extra, None)
        if more is None:
            break
        parts.append(more)
    while len(parts) > 1 and len(" ".join(parts)) > maximum and len(" ".join(parts[:-1])) >= minimum:
        parts.pop()
    return " ".join(parts)[:maximum].rstrip()


def profession_for(rng: random.Random) -> tuple[str, str, str | None]:
    return rng.choice(PROFESSIONS)


def professional_history(rng: random.Random, author: Author, profession) -> list[str]:
    feminine, masculine, _ = profession
    start = 2027 - author.age + rng.randrange(19, 26)
    sentences = [
        rng.choice(
            (
                f"Soy {_g(author, feminine, masculine)} y trabajo desde {start}.",
                f"Me formé como {_g(author, feminine, masculine)} y ejerzo desde {start}.",
                f"Tengo {max(2, 2027 - start)} años de experiencia como {_g(author, feminine, masculine)}.",
                f"Ejerzo como {_g(author, feminine, masculine)} desde {start} en {author.town}.",
            )
        )
    ]
    year = start
    for _ in range(rng.randrange(1, 4)):
        end = min(2026, year + rng.randrange(2, 9))
        if end <= year:
            break
        role = _gender_pick(author, rng.choice(ROLES))
        connector = rng.choice(("De", "Entre"))
        joiner = "a" if connector == "De" else "y"
        sentences.append(
            f"{connector} {year} {joiner} {end} {rng.choice(WORK_VERBS)} {role} en {rng.choice(WORKPLACES)}"
            f"{rng.choice(('', f' de {author.town}', ' de la región', f' en {author.place}'))}."
        )
        if rng.random() < 0.6:
            sentences.append(
                f"{rng.choice(ACHIEVEMENT_OPENERS)} {rng.choice(ACHIEVEMENT_VERBS)} {rng.choice(PROJECTS)} "
                f"que benefició a {rng.randrange(30, 5000):,} {rng.choice(BENEFICIARIES)}."
            )
        year = end
    sentences.append(f"{rng.choice(CURRENT_OPENERS)} {_fill(rng, author, rng.choice(CURRENT_WORK))}.")
    return sentences


def political_trajectory(rng: random.Random, author: Author) -> list[str]:
    sentences = []
    first = max(1990, 2027 - author.age + rng.randrange(18, 30))
    if author.independent:
        sentences.append(rng.choice(INDEPENDENT_LIFE))
    elif rng.random() < 0.8:
        sentences.append(
            _fill(rng, author, rng.choice(PARTY_LIFE), year=min(first, 2025))
            + _fill(rng, author, rng.choice(PARTY_LIFE_TAILS))
        )
    if not author.independent and rng.random() < 0.55:
        start = min(2024, first + rng.randrange(0, 10))
        sentences.append(
            f"{rng.choice(('Fui', 'Me desempeñé como', 'Ocupé el cargo de'))} "
            f"{_gender_pick(author, rng.choice(POLITICAL_ROLES))} en {author.place} "
            f"{rng.choice((f'entre {start} y {start + 3}', f'de {start} a {start + 3}', f'durante {start}'))}."
        )
    for _ in range(rng.randrange(1, 3)):
        sentences.append(
            f"{rng.choice(JOIN_VERBS)} {rng.choice(ORGANIZATIONS)}"
            f"{rng.choice((', que se dedica a ', ', que trabaja por ', ', con énfasis en '))}{rng.choice(CAUSES)}"
            f"{rng.choice(('', f' en {author.town}', f' desde {rng.randrange(2005, 2026)}'))}."
        )
    if author.consecutive:
        sentences.append(rng.choice(CONSECUTIVE))
    return sentences


def motivation(rng: random.Random, author: Author) -> list[str]:
    sentences = [f"{rng.choice(MOTIVATION_OPENERS)} {_fill(rng, author, rng.choice(MOTIVATION_REASONS))}."]
    sentences.append(_fill(rng, author, rng.choice(MOTIVATION_PERSONAL), year=rng.randrange(1975, 2020)))
    sentences += [_fill(rng, author, s) for s in rng.sample(MOTIVATION_MIDDLE, rng.randrange(1, 3))]
    sentences.append(_fill(rng, author, rng.choice(MOTIVATION_CLOSES)))
    return sentences


def _topics(author: Author):
    if author.cargo == "GUB":
        return STATE_TOPICS
    if author.cargo in ("DIP_MR", "DIP_RP"):
        return LEGISLATIVE_TOPICS
    return MUNICIPAL_TOPICS


def proposals(rng: random.Random, author: Author) -> tuple[list[str], list[str]]:
    """Two proposals on different topics of the cargo's kind."""
    first, second = rng.sample(_topics(author), 2)
    return _proposal(rng, author, *first), _proposal(rng, author, *second)


def _proposal(rng: random.Random, author: Author, topic: str, focus: str) -> list[str]:
    action = rng.choice(PROPOSAL_ACTIONS).format(topic=topic)
    means = rng.choice(PROPOSAL_MEANS).format(focus=focus)
    where = rng.choice(("", f" en {author.place}", f" para {author.town}"))
    sentences = [f"{rng.choice(PROPOSAL_OPENERS)} {action}{where}, {means}."]
    goal = f"{rng.choice(GOAL_OPENERS)} {rng.choice(GOAL_TARGETS)} {rng.choice(GOAL_TIMES)}."
    sentences.append(_fill(rng, author, goal))
    sentences += [_fill(rng, author, s) for s in rng.sample(GOAL_FOLLOWUPS, rng.randrange(0, 3))]
    return sentences


def proposal_gender(rng: random.Random, author: Author) -> list[str]:
    group = author.group if author.group in GENDER_INSTRUMENTS else ""
    where = rng.choice(GENDER_WHERE)
    sentences = [
        _fill(
            rng,
            author,
            f"{rng.choice(GENDER_OPENERS)} {rng.choice(GENDER_INSTRUMENTS[group])} "
            f"{rng.choice(GENDER_BENEFICIARIES[group])}{' ' + where if where else ''}.",
        ),
        _fill(rng, author, f"{rng.choice(GOAL_OPENERS)} {rng.choice(GOAL_TARGETS)} {rng.choice(GOAL_TIMES)}."),
    ]
    sentences += [_fill(rng, author, s) for s in rng.sample(GENDER_TAILS, rng.randrange(0, 3))]
    return sentences


def other_training(rng: random.Random, author: Author) -> str:
    items = rng.sample(COURSES, rng.randrange(1, 4))
    return "; ".join(f"{item} por {rng.choice(COURSE_HOSTS)} ({rng.randrange(2008, 2027)})" for item in items) + "."


def padding(rng: random.Random, author: Author) -> list[str]:
    """Neutral sentences to reach a minimum length set by the institute."""
    return [_fill(rng, author, s) for s in rng.sample(MOTIVATION_MIDDLE + GENDER_TAILS, 6)]
