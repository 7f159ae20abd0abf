"""The demo content's rows, written with multi-row INSERTs (`conoceles.core.bulk`): plain rows, no model instances,
no services and no django-simple-history. The workflow rows (CandidacyWorkflow, RubroState, WorkflowEvent) are
those `review.workflow.transition()` would write; tests/demo/test_workflow_rows.py checks them against its tables."""

from django.utils import timezone

from conoceles.core.bulk import insert_rows  # the imports' multi-row INSERT, for plain rows (no instances)
from conoceles.questionnaires.models import ConsentFormat, ConsentRecord, CurricularQuestionnaire, IdentityAnswer
from conoceles.review.models import CandidacyWorkflow, RubroState, WorkflowEvent

SIGNED = ConsentRecord.Method.SIGNED_FORMAT.value


def write_rows(out, identity_people, *, notice, questions, now):
    """Write the rows a ContentWriter collected for a chunk of contests: `out` holds them by table (curricular,
    workflow, rubros, events, formats, consent, format_consent); `identity_people` maps a candidacy to its identity
    answers (question number -> (option labels, detail)); `questions` maps question numbers to their ids."""
    if out["curricular"]:
        names = list(out["curricular"][0])
        insert_plain_rows(CurricularQuestionnaire, names, [list(v.values()) for v in out["curricular"]])
    insert_plain_rows(CandidacyWorkflow, ["candidacy", "state", "updated_at"], out["workflow"])
    insert_plain_rows(RubroState, ["candidacy", "rubro", "state", "updated_at"], out["rubros"])
    insert_plain_rows(
        WorkflowEvent, ["candidacy", "rubro", "from_state", "to_state", "by", "at", "reason"], out["events"]
    )
    insert_plain_rows(
        ConsentFormat,
        ["candidacy", "evidence", "uploaded_by", "uploaded_at", "status", "decided_by", "decided_at"],
        out["formats"],
    )
    format_of = dict(
        ConsentFormat.objects.filter(candidacy_id__in=[row[0] for row in out["formats"]]).values_list(
            "candidacy_id", "pk"
        )
    )
    records = out["consent"] + [
        [candidacy_id, item, given, notice.pk, by, at, SIGNED, None, format_of[candidacy_id]]
        for candidacy_id, item, given, by, at in out["format_consent"]
    ]
    columns = ["candidacy", "item", "given", "notice", "recorded_by", "recorded_at", "method", "evidence"]
    insert_plain_rows(ConsentRecord, [*columns, "source_format"], records)
    if not identity_people:
        return
    answer_rows, chosen = [], {}
    for candidacy_id, answers in identity_people.items():
        for number, (labels, detail) in answers.items():
            question = questions.get(number)
            if question is None:
                continue
            question_id, options = question
            option_ids = [options[label] for label in labels if label in options]
            if option_ids:
                answer_rows.append([candidacy_id, question_id, detail, now])
                chosen[candidacy_id, question_id] = option_ids
    insert_plain_rows(IdentityAnswer, ["candidacy", "question", "detail", "updated_at"], answer_rows)
    through = IdentityAnswer.options.through
    links = []
    stored = IdentityAnswer.objects.filter(candidacy_id__in=list(identity_people)).values_list(
        "pk", "candidacy_id", "question_id"
    )
    for answer_id, candidacy_id, question_id in stored:
        links.extend([answer_id, option_id] for option_id in chosen.get((candidacy_id, question_id), ()))
    insert_plain_rows(through, ["identityanswer", "identityoption"], links)


def insert_plain_rows(model, names: list[str], rows: list[list]) -> None:
    """Multi-row INSERTs of plain rows (no model instances, no history): `names` are field names (`candidacy_id`
    style attnames accepted too); any other column gets its field's default (auto_now ones: now)."""
    if not rows:
        return
    fields = [model._meta.get_field(name.removesuffix("_id")) for name in names]
    others = [f for f in model._meta.concrete_fields if not f.primary_key and f not in fields]
    now = timezone.now()
    defaults = [
        now if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False) else f.get_default() for f in others
    ]
    if defaults:
        rows = [[*row, *defaults] for row in rows]
    insert_rows(model, fields + others, rows, returning=False)
