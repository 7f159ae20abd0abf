"""The evaluation screens: the rubric of the process (the administration) and the scoring of candidacies (reviewers
and the administration): a queue with its filters and counts, and one candidacy's page with «Guardar y siguiente».
Views read input and render; every change goes through conoceles.evaluation.services."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse

from conoceles.core.permissions import Action, can, get_candidacy_or_404, permission_required
from conoceles.gestion.processes import process_for
from conoceles.questionnaires.rubros import NOT_PROVIDED, RUBROS, Kind
from conoceles.questionnaires.services import curricular_for

from . import services
from .forms import MET, NOT_MET, RubricNameForm, ScoreForm, ScoreQueueForm, VariableFormSet, field_name
from .models import CandidacyScore

PAGE_SIZE = 50
# The queue's order (cargo, contest, actor, fórmula); pk breaks ties, so that «siguiente» can compare keys.
QUEUE_ORDER = ("cargo_order", "contest__name", "actor_order", "formula_number", "position", "pk")


def _process(request):
    return process_for(request, required=True)


def _queue(params, process, rubric):
    """The queue's filter form on `params` and the candidacies it selects (QUEUE_ORDER), with each one's score, and
    the counts of the queue without the «calificación» filter."""
    form = ScoreQueueForm(params or None, process=process)
    scores = CandidacyScore.objects.filter(candidacy=OuterRef("pk"), rubric=rubric)
    candidacies = (
        services.scorable(process)
        .select_related("contest__cargo", "actor")
        .annotate(
            cargo_order=F("contest__cargo__order"),
            actor_order=F("actor__order"),
            score_total=Subquery(scores.values("total")[:1]),
            score_complete=Subquery(scores.values("complete")[:1]),
        )
        .order_by(*QUEUE_ORDER)
    )
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    if data.get("cargo"):
        candidacies = candidacies.filter(contest__cargo=data["cargo"])
    if data.get("actor"):
        candidacies = candidacies.filter(actor=data["actor"])
    counts = candidacies.aggregate(total=Count("pk"), scored=Count("pk", filter=Q(score_complete=True)))
    if data.get("scored") == "scored":
        candidacies = candidacies.filter(score_complete=True)
    elif data.get("scored") == "pending":
        candidacies = candidacies.filter(Q(score_complete__isnull=True) | Q(score_complete=False))
    return form, candidacies, counts


def _queue_query(params) -> str:
    """The queue's filters of `params` as a query string (without the page), carried to a candidacy and back."""
    kept = QueryDict(mutable=True)
    for name in ScoreQueueForm.base_fields:
        values = [v for v in params.getlist(name) if v]
        if values:
            kept.setlist(name, values)
    return kept.urlencode()


def _with_query(url: str, query: str) -> str:
    return f"{url}?{query}" if query else url


def _next_in_queue(candidacy, query: str, process, rubric):
    """The candidacy after `candidacy` in the queue filtered by `query`, or None at its end. A candidacy that just
    left that queue (scored, in «por calificar») keeps its place from the unfiltered queue."""
    candidacies = _queue(QueryDict(query), process, rubric)[1]
    current = candidacies.filter(pk=candidacy.pk).values(*QUEUE_ORDER).first()
    if current is None:
        current = _queue(QueryDict(), process, rubric)[1].filter(pk=candidacy.pk).values(*QUEUE_ORDER).first()
    if current is None:
        return None
    after = Q()
    for i, key in enumerate(QUEUE_ORDER):
        step = Q(**{f"{key}__gt": current[key]})
        for earlier in QUEUE_ORDER[:i]:
            step &= Q(**{earlier: current[earlier]})
        after |= step
    return candidacies.filter(after).first()


@permission_required(Action.REVIEW_CANDIDACY)
def queue(request):
    process = _process(request)
    rubric = services.rubric_for(process)
    context = {"process": process, "rubric": rubric, "can_configure": can(request.user, Action.MANAGE_CATALOGS)}
    if rubric is not None:
        form, candidacies, counts = _queue(request.GET, process, rubric)
        context |= {
            "form": form,
            "page": Paginator(candidacies, PAGE_SIZE).get_page(request.GET.get("page")),
            "counts": counts,
            "max_score": rubric.max_score,
            "queue_query": _queue_query(request.GET),
        }
    return render(request, "evaluation/queue.html", context)


def _rubric_or_404(process):
    rubric = services.rubric_for(process)
    if rubric is None:
        raise Http404("El proceso todavía no tiene rúbrica de evaluación.")
    return rubric


def _load(request, pk, process):
    queryset = services.scorable(process).select_related("process", "contest__cargo", "actor")
    return get_candidacy_or_404(request.user, Action.REVIEW_CANDIDACY, pk, queryset)


def _field_text(questionnaire, field) -> str:
    value = getattr(questionnaire, field.name, "") if questionnaire.pk else ""
    if field.kind == Kind.PHOTO:
        return "Capturada" if value else ""
    return str(value) if value else ""


@permission_required(Action.REVIEW_CANDIDACY)
def score(request, pk):
    process = _process(request)
    rubric = _rubric_or_404(process)
    candidacy = _load(request, pk, process)
    variables = services.variables_of(rubric)
    query = _queue_query(request.GET if request.method == "GET" else QueryDict(request.POST.get("queue", "")))
    if request.method == "POST":
        form = ScoreForm(request.POST, variables=variables)
        form.is_valid()  # every field is optional: an unanswered variable stays pending
        try:
            saved = services.score_candidacy(candidacy, form.answers(), by=request.user)
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            pending = "" if saved.complete else " Faltan variables por calificar: no cuenta en el informe final."
            messages.success(request, f"Calificación guardada: {saved.total} de {rubric.max_score} puntos.{pending}")
            if "next" in request.POST:
                return _go_next(request, candidacy, query, process, rubric)
        return redirect(_with_query(reverse("evaluation:score", args=[candidacy.pk]), query))
    suggested = services.suggestions(candidacy, rubric, variables)
    saved = services.score_of(candidacy, rubric)
    answers = {a.variable_id: a.met for a in saved.answers.all()} if saved else suggested
    form = ScoreForm(
        initial={field_name(v): {True: MET, False: NOT_MET}.get(answers.get(v.pk)) for v in variables},
        variables=variables,
    )
    decided = services.apply_dependency(variables, answers)
    questionnaire = curricular_for(candidacy)
    firsts = {}
    for variable in sorted(variables, key=lambda v: v.order):
        firsts.setdefault(variable.rubro, variable.pk)
    rubros = [
        {
            "rubro": rubro,
            "fields": [(f, _field_text(questionnaire, f)) for f in rubro.fields],
            "variables": [
                {
                    "variable": v,
                    "field": form[field_name(v)],
                    "suggested": suggested[v.pk],
                    "first": firsts[v.rubro] == v.pk,
                }
                for v in variables
                if v.rubro == rubro.code
            ],
        }
        for rubro in RUBROS
        if rubro.code in firsts
    ]
    context = {
        "candidacy": candidacy,
        "rubric": rubric,
        "max_score": rubric.max_score,
        "rubros": rubros,
        "saved": saved,
        "marked_total": sum(v.points(decided[v.pk]) for v in variables if decided[v.pk] is not None),
        "queue_query": query,
        "not_provided": NOT_PROVIDED,
    }
    return render(request, "evaluation/score.html", context)


def _go_next(request, candidacy, query, process, rubric):
    following = _next_in_queue(candidacy, query, process, rubric)
    if following is None:
        messages.info(request, "No hay más candidaturas en esta cola.")
        return redirect(_with_query(reverse("evaluation:queue"), query))
    return redirect(_with_query(reverse("evaluation:score", args=[following.pk]), query))


@permission_required(Action.REVIEW_CANDIDACY)
def next_candidacy(request, pk):
    """«Siguiente» without saving: the next candidacy of the queue as filtered."""
    process = _process(request)
    rubric = _rubric_or_404(process)
    return _go_next(request, _load(request, pk, process), _queue_query(request.GET), process, rubric)


# --------------------------------------------------------------------------------------------
# The rubric (the administration)
# --------------------------------------------------------------------------------------------


@permission_required(Action.MANAGE_CATALOGS)
def rubric(request):
    process = _process(request)
    current = services.rubric_for(process)
    if current is None:
        return render(request, "evaluation/rubric.html", {"process": process, "rubric": None})
    data = request.POST if request.method == "POST" else None
    name_form = RubricNameForm(data, instance=current)
    formset = VariableFormSet(data, instance=current, prefix="variables")
    errors = []
    if data is not None and name_form.is_valid() and formset.is_valid():
        try:
            changed = services.save_rubric(current, name_form, formset)
        except ValidationError as error:
            errors = error.messages
        else:
            if changed:
                messages.success(request, "Los cambios quedaron guardados.")
            else:
                messages.info(request, "No había cambios que guardar.")
            return redirect("evaluation:rubric")
    context = {
        "process": process,
        "rubric": current,
        "name_form": name_form,
        "formset": formset,
        "errors": errors,
        "scored": current.scores.count(),
    }
    return render(request, "evaluation/rubric.html", context, status=400 if errors or formset.errors else 200)


@permission_required(Action.MANAGE_CATALOGS)
def restore(request):
    """Create the default rubric, or (after confirming) put it back in place of the process's rubric."""
    process = _process(request)
    current = services.rubric_for(process)
    if request.method != "POST":
        if current is None:
            return redirect("evaluation:rubric")
        return render(request, "evaluation/restore.html", {"process": process, "rubric": current})
    if current is None:
        services.ensure_default_rubric(process)
        messages.success(request, "Se creó la rúbrica predeterminada.")
        return redirect("evaluation:rubric")
    try:
        services.restore_default_rubric(current)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, "Se restauró la rúbrica predeterminada.")
    return redirect("evaluation:rubric")
