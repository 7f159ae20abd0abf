"""Screening assistants (DOMAIN.md §7, rules 1, 4, 5 and 7): what they point at, and what they must not."""

from django.core.management import call_command
from django.template.loader import render_to_string

from conoceles.accounts.models import Role, User
from conoceles.candidacies.models import Position
from conoceles.demo.screening import seed_demo_terms
from conoceles.questionnaires.models import CurricularQuestionnaire
from conoceles.questionnaires.services import save_rubro
from conoceles.screening import engine, services
from conoceles.screening.models import Finding, Fingerprint, WatchedTerm
from tests.factories import CandidacyFactory

COPIED = (
    "Construiré un sistema de agua potable para cada colonia del distrito, con pozos nuevos, redes de distribución "
    "renovadas y una tarifa social para las familias que menos tienen, vigilado por comités vecinales que revisen "
    "cada obra y cada peso invertido durante los tres años de gobierno."
)
OTHER = (
    "Propongo bibliotecas abiertas hasta la medianoche en las escuelas secundarias, con talleres de lectura, "
    "computadoras para hacer tareas y becas de transporte para que las y los jóvenes lleguen seguros a estudiar "
    "y regresen a casa sin gastar lo que no tienen."
)
THIRD = (
    "Impulsaré mercados de productores locales cada fin de semana en los parques, sin cuotas para quienes venden "
    "menos de lo que cuesta un puesto, con básculas verificadas, baños limpios y una ruta de camiones que conecte "
    "las comunidades rurales con la cabecera municipal."
)


def candidacy(world, actor="PAN", contest="MR1", **kwargs):
    return CandidacyFactory(process=world.process, contest=world.contests[contest], actor=world.actors[actor], **kwargs)


def fill(c, **texts):
    CurricularQuestionnaire.objects.update_or_create(candidacy=c, defaults=texts)
    return c


def findings(c, rule):
    return list(Finding.objects.filter(candidacy=c, rule=rule))


# ---------------------------------------------------------------------------- rule 1: near-copies


def test_near_copy_across_actors_is_reported_on_both_with_the_copied_passage(world):
    a = fill(candidacy(world, "PAN"), proposal_1=COPIED, proposal_2=OTHER)
    b = fill(candidacy(world, "MORENA", "MR15"), proposal_2="Mi propuesta: " + COPIED[:-1] + " y más.")
    engine.scan_process(world.process)
    (on_a,) = findings(a, 1)
    (on_b,) = findings(b, 1)
    assert (on_a.field, on_a.other_candidacy, on_a.other_field) == ("proposal_1", b, "proposal_2")
    assert (on_b.field, on_b.other_candidacy, on_b.other_field) == ("proposal_2", a, "proposal_1")
    assert on_a.rubro == "proposals" and on_a.score >= 0.5
    assert on_b.evidence.startswith("Construiré un sistema") and on_b.evidence.endswith("tres años de gobierno")
    assert "Mi propuesta" in on_b.before and "Mi propuesta" not in on_b.evidence


def test_different_candidacies_of_the_same_actor_are_a_copy_but_the_same_formula_is_not(world):
    owner = fill(candidacy(world, "PAN", formula_number=1), proposal_1=COPIED)
    alternate = fill(
        candidacy(world, "PAN", formula_number=1, position=Position.ALTERNATE, first_name="Rosa"), proposal_1=COPIED
    )
    other_formula = fill(candidacy(world, "PAN", formula_number=2, first_name="Juana"), proposal_2=COPIED)
    engine.scan_process(world.process)
    assert {f.other_candidacy for f in findings(owner, 1)} == {other_formula}
    assert {f.other_candidacy for f in findings(alternate, 1)} == {other_formula}
    assert {f.other_candidacy for f in findings(other_formula, 1)} == {owner, alternate}


def test_distinct_texts_and_a_short_common_phrase_are_not_copies(world):
    phrase = "Trabajaré por el bienestar de todas las familias del distrito."
    a = fill(candidacy(world, "PAN"), proposal_1=OTHER, proposal_2=phrase)
    b = fill(candidacy(world, "MORENA"), proposal_1=THIRD, proposal_2=phrase)
    engine.scan_process(world.process)
    assert not Finding.objects.filter(candidacy__in=[a, b], rule=1).exists()


def test_a_formula_repeated_in_many_proposals_does_not_make_them_copies(world, monkeypatch):
    monkeypatch.setattr(engine, "COMMON_CAP", 2)
    people = [fill(candidacy(world, "PAN", first_name=f"P{i}"), proposal_1=COPIED) for i in range(3)]
    engine.scan_process(world.process)
    assert not Finding.objects.filter(candidacy__in=people).exists()
    engine.scan_candidacy(people[0])
    assert not Finding.objects.filter(candidacy__in=people).exists()


def test_a_copy_is_found_even_when_most_of_it_is_a_common_formula(world, monkeypatch):
    monkeypatch.setattr(engine, "COMMON_CAP", 2)
    formula = [fill(candidacy(world, "PT", first_name=f"F{i}"), proposal_2=COPIED) for i in range(3)]
    a = fill(candidacy(world, "PAN"), proposal_1=COPIED + " " + OTHER)
    b = fill(candidacy(world, "MORENA"), proposal_1=COPIED + " " + OTHER)
    engine.scan_process(world.process)
    assert [f.other_candidacy for f in findings(a, 1)] == [b]
    assert not Finding.objects.filter(candidacy__in=formula).exists()  # the formula alone makes no pair


def test_other_processes_are_not_compared(world):
    fill(candidacy(world, "PAN"), proposal_1=COPIED)
    elsewhere = fill(CandidacyFactory(), proposal_1=COPIED)
    engine.scan_process(world.process)
    engine.scan_candidacy(elsewhere)
    assert not Finding.objects.filter(rule=1).exists()


def test_incremental_scan_updates_both_sides_and_removes_stale_findings(world):
    a = fill(candidacy(world, "PAN"), proposal_1=OTHER)
    b = fill(candidacy(world, "MORENA"), proposal_1=COPIED)
    engine.scan_process(world.process)
    assert not Finding.objects.filter(rule=1).exists()

    fill(a, proposal_1=COPIED)
    engine.scan_candidacy(a)
    assert [f.other_candidacy for f in findings(a, 1)] == [b]
    assert [f.other_candidacy for f in findings(b, 1)] == [a]

    fill(a, proposal_1=THIRD)  # the actor corrects the text
    engine.scan_candidacy(a)
    assert not Finding.objects.filter(rule=1).exists()
    assert set(Fingerprint.objects.filter(candidacy=a).values_list("field", flat=True)) == {0}


def test_incremental_and_full_scan_agree(world):
    a = fill(candidacy(world, "PAN"), proposal_1=COPIED, motivation="Quiero servir, no como el PRI.")
    b = fill(candidacy(world, "MORENA"), proposal_gender=COPIED)
    engine.scan_process(world.process)
    full = sorted(Finding.objects.values_list("candidacy", "rule", "field", "other_candidacy", "mark_start"))
    engine.scan_candidacy(b)
    engine.scan_candidacy(a)
    assert sorted(Finding.objects.values_list("candidacy", "rule", "field", "other_candidacy", "mark_start")) == full


def test_a_substituted_candidacy_loses_its_findings_and_is_not_a_pair(world):
    a = fill(candidacy(world, "PAN"), proposal_1=COPIED)
    b = fill(candidacy(world, "MORENA"), proposal_1=COPIED)
    engine.scan_process(world.process)
    b.status = b.Status.SUBSTITUTED
    b.save()
    engine.scan_candidacy(b)
    assert not Finding.objects.filter(rule=1).exists()
    engine.scan_candidacy(a)
    assert not Finding.objects.filter(rule=1).exists()


# ---------------------------------------------------------------------------- rules 4 and 5: mentions


def test_other_parties_by_name_and_siglas_but_not_its_own_nor_inside_words(world):
    c = fill(
        candidacy(world, "PAN"),
        political_trajectory=(
            "Milité en el Partido Acción Nacional y en el PAN de mi estado; compré pan en la panadería. "
            "Trabajé en la PTAR municipal y critiqué al PT; también al partido del trabajo de mi barrio."
        ),
        motivation="Una nueva alianza con la gente, la morena y el moreno. Morena no cumplió.",
    )
    engine.scan_candidacy(c)
    got = {(f.field, f.term, f.evidence) for f in findings(c, 5)}
    assert got == {("political_trajectory", "PT", "PT"), ("motivation", "Morena", "Morena")}


def test_a_coalition_may_name_its_member_parties_and_a_member_its_coalition(world):
    coalition = fill(candidacy(world, "SHH"), motivation="Morena y el PT, juntos. Contra el PAN.")
    member = fill(candidacy(world, "PT", "MR15"), motivation="Voy con Sigamos Haciendo Historia.")
    engine.scan_process(world.process)
    assert [f.term for f in findings(coalition, 5)] == ["PAN"]
    assert findings(member, 5) == []


def test_rival_names_in_the_same_contest_and_the_gubernatura(world):
    rival = candidacy(world, "MORENA", "MR1", first_name="Andrea", last_name="Cámara", second_last_name="Poot")
    governor = candidacy(world, "PT", "GUB", first_name="Luis", last_name="Pech", second_last_name="Uc")
    elsewhere = candidacy(world, "PT", "MR15", first_name="Sofía", last_name="Canul", second_last_name="May")
    c = fill(
        candidacy(world, "PAN", "MR1"),
        proposal_1="A diferencia de andrea camara, y de LUIS PECH UC, escucho. Sofía Canul May no compite aquí.",
    )
    engine.scan_candidacy(c)
    got = {(f.term, f.other_candidacy, f.evidence) for f in findings(c, 4)}
    assert got == {("Andrea Cámara", rival, "andrea camara"), ("Luis Pech Uc", governor, "LUIS PECH UC")}
    assert elsewhere not in {f.other_candidacy for f in findings(c, 4)}


# ---------------------------------------------------------------------------- rule 7: watched terms


def test_watched_terms_as_whole_phrases_folded(world):
    seed_demo_terms(world.process)
    WatchedTerm.objects.create(process=world.process, term="Sí se puede")
    c = fill(
        candidacy(world, "PAN"),
        proposal_2="Por eso, VOTA POR mí este 6 de junio. ¡Si se puede! Nos votaron porque cumplimos.",
    )
    engine.scan_candidacy(c)
    got = sorted((f.term, f.evidence) for f in findings(c, 7))
    assert got == [("Sí se puede", "Si se puede"), ("este 6 de junio", "este 6 de junio"), ("vota por", "VOTA POR")]
    (one,) = [f for f in findings(c, 7) if f.term == "vota por"]
    assert one.excerpt[one.mark_start : one.mark_end] == "VOTA POR" and one.before.startswith("Por eso, ")


# ---------------------------------------------------------------------------- reading the findings


def test_flags_and_filtering(world):
    WatchedTerm.objects.create(process=world.process, term="vota por")
    a = fill(candidacy(world, "PAN"), proposal_1=COPIED, motivation="Vota por mí, no por el PT.")
    b = fill(candidacy(world, "MORENA"), proposal_1=COPIED)
    clean = fill(candidacy(world, "PT"), proposal_1=OTHER)
    engine.scan_process(world.process)
    assert services.flags_for([a.pk, b.pk, clean.pk]) == {a.pk: {1, 5, 7}, b.pk: {1}}
    queryset = type(a).objects.filter(process=world.process)
    assert set(services.candidacies_flagged(queryset, 7)) == {a}
    assert set(services.candidacies_flagged(queryset, 1)) == {a, b}
    assert set(services.candidacies_flagged(queryset)) == {a, b}
    ordered = services.findings_for(a)
    assert [(f.rubro, f.rule) for f in ordered] == [("motivation", 5), ("motivation", 7), ("proposals", 1)]


def test_the_partial_escapes_texts_and_marks_only_the_evidence(world):
    WatchedTerm.objects.create(process=world.process, term="vota por")
    c = fill(candidacy(world, "PAN"), proposal_1='<script>alert("x")</script> Vota por <b>mí</b>.')
    engine.scan_candidacy(c)
    html = render_to_string("screening/findings.html", {"findings": services.findings_for(c)})
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html and "&lt;b&gt;mí&lt;/b&gt;" in html
    assert '<mark><span class="visually-hidden">[inicio de la evidencia] </span>Vota por<span' in html
    assert '<h3 class="h6 mt-3">Propuestas</h3>' in html and "Supuesto 7. Usar lemas" in html
    empty = render_to_string("screening/findings.html", {"findings": []})
    assert "No se señalaron posibles incumplimientos" in empty


def test_capturing_a_rubro_rescans_after_commit(world, django_capture_on_commit_callbacks):
    WatchedTerm.objects.create(process=world.process, term="vota por")
    c = candidacy(world, "PAN")
    party = User.objects.create_user(username="enlace-pan", password=None, role=Role.PARTY, actor=c.actor)
    with django_capture_on_commit_callbacks(execute=True):
        save_rubro(c, "motivation", {"motivation": "Vota por mí."}, by=party)
    assert [f.term for f in findings(c, 7)] == ["vota por"]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        save_rubro(c, "motivation", {"motivation": "Escúchame."}, by=party)
    assert [f.term for f in findings(c, 7)] == ["vota por"]  # not before the commit
    for callback in callbacks:
        callback()
    assert findings(c, 7) == []


def test_screen_command(world, capsys):
    WatchedTerm.objects.create(process=world.process, term="vota por")
    c = fill(candidacy(world, "PAN"), motivation="Vota por mí.")
    call_command("screen", "--process", str(world.process.pk))
    assert "1 candidaturas revisadas" in capsys.readouterr().out and findings(c, 7)
    Finding.objects.all().delete()
    call_command("screen", "--candidacy", str(c.pk))
    assert "1 hallazgos" in capsys.readouterr().out and findings(c, 7)


def test_name_and_siglas_of_one_actor_in_one_field_are_one_finding(world):
    c = fill(candidacy(world, "PAN"), motivation="Me separé del Partido del Trabajo (PT) en 2020. El PT no cumplió.")
    engine.scan_candidacy(c)
    (finding,) = findings(c, 5)
    assert (finding.term, finding.evidence) == ("Partido del Trabajo", "Partido del Trabajo")


def test_near_copies_of_one_field_are_one_item_with_the_others_listed(world):
    a = fill(candidacy(world, "PAN"), proposal_1=COPIED)
    b = fill(candidacy(world, "MORENA", first_name="Berta"), proposal_1=COPIED)
    c = fill(candidacy(world, "PT", first_name="Carla"), proposal_1=COPIED[:-1] + " con vecinas y vecinos.")
    engine.scan_process(world.process)
    (item,) = services.findings_for(a)
    assert item.other_candidacy == b and item.score == 1.0
    assert [(f.other_candidacy, f.score < 1) for f in item.also] == [(c, True)]
    html = render_to_string("screening/findings.html", {"findings": [item]})
    assert "También se parece a:" in html and "Carla López Hernández (PT)" in html


def test_evidence_offsets_hold_for_decomposed_accents_and_long_texts(world):
    import unicodedata

    WatchedTerm.objects.create(process=world.process, term="vota por")
    text = unicodedata.normalize("NFD", "Canción de José Muñoz, " * 20) + "¡Vota por mí! " + "Gracias. " * 30
    c = fill(candidacy(world, "PAN"), motivation=text)
    engine.scan_candidacy(c)
    (finding,) = findings(c, 7)
    assert finding.evidence == "Vota por"
    assert finding.before.startswith("…") and finding.after.endswith("…") and len(finding.excerpt) < 220
    assert "José Muñoz" in finding.before  # composed again, as typed on a keyboard
