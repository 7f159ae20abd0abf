"""The default rubric shipped with the product (docs/manual/evaluacion.md describes it): IEEN-style variables per
rubro of the curricular questionnaire, 100 points in all. Each rubro's first variable is the one its dependent
variables need: if the first fails, they fail too."""

NAME = "Rúbrica de evaluación del contenido curricular"

# (rubro, label, description, points if met, depends on the rubro's first variable, measure)
VARIABLES: tuple[tuple[str, str, str, int, bool, str], ...] = (
    ("general", "Incluye fotografía", "La fotografía es de la persona candidata y permite identificarla.", 4,
     False, "photo_present"),
    ("general", "Ofrece un medio de contacto público o una red social",
     "Página web, correo o teléfono públicos, o al menos una red social.", 4, False, "public_contact_present"),
    ("education", "Declara su grado máximo de estudios y su estatus", "", 6, False, "education_stated"),
    ("education", "Describe otra formación", "Cursos, diplomados u otra formación relacionada con el cargo.", 4,
     True, "other_training_stated"),
    ("professional", "Describe su historia profesional dentro de los límites de extensión", "", 6, False,
     "professional_within_limits"),
    ("professional", "Señala empleos, instituciones o periodos concretos", "Fechas, periodos o cargos identificables.",
     6, True, "professional_concrete"),
    ("political", "Describe su trayectoria política o participación social dentro de los límites de extensión", "",
     6, False, "political_within_limits"),
    ("political", "Señala cargos, organizaciones o periodos concretos", "", 6, True, ""),
    ("motivation", "Explica por qué quiere ocupar el cargo dentro de los límites de extensión", "", 6, False,
     "motivation_within_limits"),
    ("motivation", "Relaciona su motivación con el cargo y con la población que representaría", "", 6, True, ""),
    ("proposals", "Presenta dos propuestas distintas", "Propuesta 1 y propuesta 2 capturadas y diferentes.", 8, False,
     "proposals_distinct"),
    ("proposals", "Las propuestas respetan los límites de extensión", "", 6, True, "proposals_within_limits"),
    ("proposals", "Al menos una propuesta incluye una cifra, meta o fecha concreta", "", 8, True,
     "proposal_concrete"),
    ("proposals", "Las propuestas corresponden a las atribuciones del cargo", "", 8, True, ""),
    ("proposals", "Presenta la propuesta en materia de género o del grupo que representa", "", 8, False,
     "gender_proposal_present"),
    ("proposals", "La propuesta de género describe acciones concretas", "Qué hará, para quién y cómo.", 8, False, ""),
)
