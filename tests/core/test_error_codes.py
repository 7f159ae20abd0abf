"""Every refusal has a named code (ARCHITECTURE.md): services, forms, models and importers raise the members of
their app's `error_codes` enum, never a string literal, and no two members of an app share a value."""

import ast
import importlib
import re
from enum import StrEnum
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

import conoceles
from conoceles.candidacies.error_codes import CandidacyErrorCode
from conoceles.questionnaires.error_codes import QuestionnaireErrorCode
from conoceles.questionnaires.models import IdentityQuestion
from conoceles.questionnaires.services import seed_identity_questions
from tests.factories import CandidacyFactory, build_world

SRC = Path(conoceles.__file__).parent
APPS_WITH_CODES = (
    "accounts",
    "arco",
    "candidacies",
    "elections",
    "gestion",
    "imports",
    "lifecycle",
    "public",
    "questionnaires",
    "reports",
    "review",
)
CODE_LIKE = re.compile(r"[a-z][a-z0-9_]*")


def _sources() -> dict[str, ast.Module]:
    return {
        str(path.relative_to(SRC)): ast.parse(path.read_text(encoding="utf-8"))
        for path in sorted(SRC.rglob("*.py"))
        if "migrations" not in path.parts
    }


def _is_error_code(annotation) -> bool:
    return isinstance(annotation, ast.Name) and annotation.id.endswith("ErrorCode")


def code_carriers(trees) -> dict[str, int]:
    """Callable name -> position of the argument that carries a code: ValidationError(message, code), and every
    function or dataclass of src/ whose `code` is typed as an error-code enum (RowError, Row.error, …)."""
    carriers = {"ValidationError": 1}
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                params = node.args.posonlyargs + node.args.args
                if params and params[0].arg in {"self", "cls"}:
                    params = params[1:]
                fields = params
            elif isinstance(node, ast.ClassDef):
                fields = [
                    ast.arg(arg=n.target.id, annotation=n.annotation)
                    for n in node.body
                    if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name)
                ]
            else:
                continue
            for position, field in enumerate(fields):
                if field.arg == "code" and _is_error_code(field.annotation):
                    carriers[node.name] = position
    return carriers


def literal_codes(tree, carriers: dict[str, int]) -> list[tuple[int, str]]:
    """(line, literal) of every code given as a string literal to a carrier in `tree`."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
        if name not in carriers:
            continue
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "messages":
            continue  # django.contrib.messages.error(request, message)
        position = carriers[name]
        argument = next((k.value for k in node.keywords if k.arg == "code"), None)
        if argument is None and len(node.args) > position:
            argument = node.args[position]
        if not (isinstance(argument, ast.Constant) and isinstance(argument.value, str)):
            continue
        if name == "ValidationError" or CODE_LIKE.fullmatch(argument.value):
            found.append((node.lineno, argument.value))
    return sorted(found)


def test_no_refusal_code_is_a_string_literal():
    trees = _sources()
    carriers = code_carriers(trees.values())
    assert {"RowError", "error", "_rubros_in", "_question_error"} <= carriers.keys()  # the scan sees the helpers
    offenders = {path: found for path, tree in trees.items() if (found := literal_codes(tree, carriers))}
    assert offenders == {}


def test_the_scan_finds_literal_codes():
    carriers = code_carriers(_sources().values())
    tree = ast.parse(
        'raise ValidationError("Mal.", code="bad")\n'
        'raise forms.ValidationError("Mal.", "bad")\n'
        'result.add_error(RowError(2, "CARGO", "bad", "Mal."))\n'
        'row.error("CARGO", "bad", "Mal.")\n'
        'messages.error(request, "Elija aprobar o rechazar.")\n'
        'raise ValidationError("Mal.", code=ReviewErrorCode.NO_RULES)\n'
    )
    assert literal_codes(tree, carriers) == [(1, "bad"), (2, "bad"), (3, "bad"), (4, "bad")]


def error_code_enums(app: str) -> list[type[StrEnum]]:
    module = importlib.import_module(f"conoceles.{app}.error_codes")
    return [
        value
        for value in vars(module).values()
        if isinstance(value, type) and issubclass(value, StrEnum) and value.__module__ == module.__name__
    ]


@pytest.mark.parametrize("app", APPS_WITH_CODES)
def test_each_app_names_its_codes_once(app):
    enums = error_code_enums(app)
    assert enums, f"conoceles.{app}.error_codes has no StrEnum"
    values = [member.value for enum in enums for member in enum.__members__.values()]  # aliases included
    assert len(values) == len(set(values)), f"a code of {app} is named twice"
    for enum in enums:
        assert enum.__doc__ and enum.__doc__.strip()
        assert all(member.name == member.value.upper() for member in enum)


@pytest.mark.django_db
def test_a_refusal_keyed_by_field_keeps_its_code():
    """ValidationError({field: "text"}, code=...) would drop the code: model clean() nests it in the field's error."""
    world = build_world()
    seed_identity_questions(world.process)
    question = IdentityQuestion.objects.get(process=world.process, number=2)
    question.parent = question
    with pytest.raises(ValidationError) as refused:
        question.clean()
    assert [e.code for e in refused.value.error_dict["parent"]] == [QuestionnaireErrorCode.BAD_PARENT]
    holder = CandidacyFactory(contest=world.contests["GUB"], actor=world.actors["PAN"], formula_number=1)
    other = CandidacyFactory(contest=world.contests["GUB"], actor=world.actors["PAN"], formula_number=2)
    other.formula_number = holder.formula_number
    with pytest.raises(ValidationError) as refused:
        other.clean()
    assert [e.code for e in refused.value.error_dict["formula_number"]] == [CandidacyErrorCode.SEAT_TAKEN]
