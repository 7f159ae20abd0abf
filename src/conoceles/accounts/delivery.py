"""How an account is addressed when it is delivered: the labels that describe it on the credentials sheet, in the
access e-mail and in the «Entrega de cuenta» notice (`credential_for`), and the address its messages go to
(`delivery_email`). Shared by the account services and the notices, so neither needs the other's module.
"""

from .models import Role

CANDIDATE_ROLE_LABEL = "Persona candidata"


def credential_for(user):
    """How `user` appears on the credentials sheet, without the password (see `services.issue_credentials`)."""
    if user.role == Role.PARTY and user.actor_id:
        actor = user.actor
        return actor.name, actor.get_kind_display(), f"{actor.name} ({actor.acronym})"
    if user.role == Role.CANDIDATE and user.candidacy_id:
        c = user.candidacy
        scope = f"{c.contest.name} · {c.actor.acronym} · fórmula {c.formula_number} · {c.position_label}"
        return c.full_name, CANDIDATE_ROLE_LABEL, scope
    return user.get_full_name() or user.username, user.get_role_display(), "Instituto"


def delivery_email(user) -> str:
    """Where to send an account's access link: the current private contact of its candidacy or actor (a later
    import may have corrected it), else the address stored on the account."""
    if user.candidacy_id and user.candidacy.private_email:
        return user.candidacy.private_email
    if user.actor_id and user.actor.contact_email:
        return user.actor.contact_email
    return user.email
