"""Views: invites (the `/invite` wizard and the `/invites` list)."""

from __future__ import annotations

from bot.services import invites as svc
from bot.services.invites import CreatedLink, InviteList, InviteRow
from bot.ui import texts
from bot.ui.keyboards import invites as kb
from bot.ui.keyboards.invites import InviteCb
from bot.ui.texts import invites as t
from bot.ui.views import Rendered
from bot.vocab import Kind, Role


def wizard_start(kind: str) -> Rendered:
    return t.INVITE_ROLE, kb.invite_roles(svc.ROLES, kind)


def wizard_step(step: InviteCb, kind: str, known: list[str]) -> Rendered | None:
    """The next question of the wizard after the button `step` (known: the school's class
    labels, needed after choosing the class teacher role); None for a step the buttons never
    offer (a stale or forged payload). The last step ("uses") creates the link instead."""
    role, class_label, act = step.role, step.class_label, step.act
    if role is None or role not in svc.ROLES:
        return None
    if act == "role" and role == Role.CLASS_TEACHER:
        if known or kind == Kind.PRESCHOOL:
            return t.invite_class(kind, bool(known)), kb.invite_classes(role, known, kind)
        return t.invite_class(kind, False), kb.invite_grades(role, svc.GRADES)
    if act == "other":
        return t.INVITE_GRADE, kb.invite_grades(role, svc.GRADES)
    if act == "grade" and class_label in {str(g) for g in svc.GRADES}:
        assert class_label is not None
        return t.invite_letter(class_label), kb.invite_letters(role, class_label, svc.LETTERS)
    if act in ("role", "class"):
        return t.invite_days(role, kind, class_label), kb.invite_days(role, class_label, svc.DAYS)
    if act == "days" and step.days is not None:
        return (
            t.invite_uses(role, kind, class_label, step.days),
            kb.invite_uses(role, class_label, step.days, svc.USES),
        )
    return None


def created(link: CreatedLink) -> str:
    return t.invite_created(
        link.link, link.role, link.kind, link.class_label, link.expires, link.max_uses
    )


def invite_list(result: InviteList) -> Rendered:
    """A page of the school's active invites, the wrong-code figures, the revoke buttons."""
    pg = result.page
    text = t.invite_list(
        [
            (r.number, r.role, r.class_label, r.label, r.uses, r.max_uses, r.expires)
            for r in result.rows
        ],
        result.kind,
        pg.total,
        pg.number,
        pg.pages,
    )
    if result.used:
        text += t.used_links(result.used)
    if result.attempts is not None:
        stats = result.attempts
        text += t.failed_attempts(stats.attempts, stats.users, stats.blocked)
    rows = kb.invite_list(
        [(r.number, r.id) for r in result.rows], pg.number, pg.has_prev, pg.has_next, result.unused
    )
    return text, rows


def revoke_confirm(row: InviteRow, kind: str, page: int) -> Rendered:
    """«Точно отозвать ссылку №N?» with «Да, отозвать» / «Нет» (back to the list)."""
    text = t.revoke_confirm(row.number, row.role, kind, row.class_label, row.label, row.uses)
    return text, kb.revoke_confirm(page, row.id)


def revoke_refusal(outcome: svc.RevokeOutcome) -> str | None:
    """The toast for a revocation refused (another school's link, or none such), else None."""
    return {
        svc.RevokeOutcome.FORBIDDEN: texts.FORBIDDEN_OBJECT,
        svc.RevokeOutcome.UNKNOWN: texts.UNKNOWN_BUTTON,
    }.get(outcome)
