"""What the demo election needs of this app: the identity questions and both avisos de privacidad, published
through the services by the demo admin. The texts are demonstration texts, not legal advice."""

from conoceles.questionnaires.models import PrivacyNotice
from conoceles.questionnaires.services import current_notices, publish_notice, seed_identity_questions

DEMO_NOTICE_INTEGRAL = """\
TEXTO DE DEMOSTRACIÓN: este aviso se redactó para probar el sistema y no tiene validez legal.

Responsable. El Instituto Electoral (en lo sucesivo, «el Instituto»), con domicilio en la capital del estado, es \
responsable del tratamiento de los datos personales que se recaban en el sistema «Candidatas y Candidatos, \
Conóceles», conforme a la Ley General de Protección de Datos Personales en Posesión de Sujetos Obligados y a la ley \
local en la materia.

Finalidades. Los datos se usan para: integrar el cuestionario curricular y el de identidad de cada candidatura; \
publicar en el sitio público la información curricular y, solo con su consentimiento, sus respuestas al cuestionario \
de identidad; elaborar reportes estadísticos; y dar seguimiento a la captura, la validación y la revisión de la \
información por parte del Instituto.

Datos personales sensibles. El cuestionario de identidad pregunta por la pertenencia a pueblos y comunidades \
indígenas, la discapacidad, la afrodescendencia, la diversidad sexual y de género, la condición de migrante, la \
edad y los ingresos. Responder es voluntario y cada pregunta ofrece «Prefiero no contestar». Estos datos solo se \
tratan y se publican con su consentimiento expreso, que puede dar, negar o cambiar en cualquier momento; los grupos \
por los que se registró una acción afirmativa son públicos por disposición de las autoridades.

Derechos ARCO. Usted puede ejercer sus derechos de acceso, rectificación, cancelación y oposición, así como la \
portabilidad de sus datos, ante la Unidad de Transparencia del Instituto, por escrito o por la Plataforma Nacional \
de Transparencia, y revocar su consentimiento en este mismo sistema.

Transferencias. El Instituto no transfiere sus datos personales, salvo las requeridas para atender requerimientos \
de autoridades competentes debidamente fundados y motivados. La información que usted consiente publicar forma \
parte de los datos abiertos del sitio.

Cambios al aviso. Cualquier cambio se publica como una nueva versión en este sistema, que le pedirá aceptarla antes \
de seguir capturando."""

DEMO_NOTICE_SIMPLIFIED = """\
TEXTO DE DEMOSTRACIÓN: este aviso se redactó para probar el sistema y no tiene validez legal.

El Instituto Electoral es responsable de los datos personales que se recaban en «Candidatas y Candidatos, \
Conóceles». Se usan para integrar y publicar la información curricular de las candidaturas y, solo con su \
consentimiento, sus respuestas al cuestionario de identidad, que son datos personales sensibles; también para \
reportes estadísticos que no permiten identificar a nadie que no haya consentido.

No se realizan transferencias, salvo las que requieran autoridades competentes. Puede ejercer sus derechos de \
acceso, rectificación, cancelación y oposición (ARCO) ante la Unidad de Transparencia del Instituto, y cambiar su \
consentimiento en cualquier momento en este sistema. Consulte el aviso de privacidad integral en este mismo sitio."""


def seed_demo_questionnaires(process, *, by) -> str:
    """Seed the identity questions of `process` and publish both avisos (once); returns a line for the output."""
    created = seed_identity_questions(process)
    notices = current_notices(process)
    texts = {PrivacyNotice.Kind.INTEGRAL: DEMO_NOTICE_INTEGRAL, PrivacyNotice.Kind.SIMPLIFIED: DEMO_NOTICE_SIMPLIFIED}
    published = [publish_notice(process, kind, text, by=by) for kind, text in texts.items() if notices[kind] is None]
    return (
        f"Cuestionario de identidad: {process.identity_questions.count()} preguntas ({created} registros nuevos); "
        f"avisos de privacidad publicados: {len(published)}."
    )
