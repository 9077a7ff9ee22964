"""The only way anything changes a case.

Every function takes keyword-only arguments, runs in one transaction, locks the case row,
checks the rules and leaves one CaseEvent with who, when and each changed field. Invalid
input raises ValidationError with one message per field (keys are interchange paths such
as "provider.cpf") and changes nothing.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

import notifications.services
from accounts import access
from accounts.roles import case_workers
from formio import rules as form_rules
from formio.casedata import CaseData, ContactData, flatten
from formio.vocabulary import field_label
from reports import facts as report_facts
from substitutions.services import substitution_cancel_for, substitution_open_for
from webhooks import services as webhooks

from . import anonymisation, deadlines, rules, vocabulary
from .conversion import (
    Related,
    apply_data,
    case_to_data,
    fill_case,
    link_options,
    replace_contacts,
    search_text_of,
)
from .models import (
    Case,
    CaseEvent,
    Contact,
    DeadlinePolicy,
    EventKind,
    Provider,
    RetentionAction,
)


class CaseConflict(Exception):
    """The case changed after the user opened it; `events` say what changed since."""

    def __init__(self, case: Case, events: list[CaseEvent]):
        self.case = case
        self.events = events
        super().__init__(
            "Este caso foi alterado por outra pessoa depois que você o abriu. "
            "Nada foi salvo: confira as alterações abaixo e refaça as suas."
        )


def case_open(*, user, data: CaseData, analyst=None) -> Case:
    """Open a new case from a (possibly partial) form; its contacts come along."""
    _raise_if(_problems(data))
    with transaction.atomic():
        case = Case(created_by=user, version=0)
        apply_data(case, data)
        if analyst is not None:
            case.analyst, case.analyst_name = analyst, ""
        replace_contacts(case, data.contacts, user=user)
        _record(case, user=user, kind=EventKind.OPENED, before=CaseData(), created=True)
        webhooks.emit("case.opened", case)
    return case


def case_update(*, user, case: Case, data: CaseData, expected_version: int | None = None) -> Case:
    """Save the form's fields (not the contacts, which have their own services)."""
    with transaction.atomic():
        case = _lock(case, expected_version)
        _refuse_if_closed(case)
        before = case_to_data(case)
        data.contacts = before.contacts
        _raise_if(_problems(data, keeping=before))
        apply_data(case, data)
        _record(case, user=user, kind=EventKind.UPDATED, before=before)
    return case


def contact_add(
    *,
    user,
    case: Case,
    date: datetime.date | None,
    notes: str,
    channel: str = "",
    expected_version: int | None = None,
) -> Contact:
    """Log one more contact with the provider (the paper's five slots are no limit)."""
    with transaction.atomic():
        case = _lock(case, expected_version)
        _refuse_if_closed(case)
        before = case_to_data(case)
        if not date and not notes.strip():
            raise ValidationError({"contact": "Informe a data ou as observações do contato."})
        after = _with_contact(before, ContactData(date=date, notes=notes))
        _raise_if(rules.validity_problems(after, today=timezone.localdate()))
        contact = Contact.objects.create(
            case=case,
            position=len(before.contacts) + 1,
            date=date,
            notes=notes,
            channel=channel,
            recorded_by=user,
        )
        _record(case, user=user, kind=EventKind.CONTACT_ADDED, before=before)
    return contact


def case_close(
    *, user, case: Case, data: CaseData | None = None, expected_version: int | None = None
) -> Case:
    """Close the case, saving `data` first when given; the closing rules must all pass."""
    with transaction.atomic():
        case = _lock(case, expected_version)
        _refuse_if_closed(case)
        before = case_to_data(case)
        if data is not None:
            data.contacts = before.contacts
        after = data or before
        _raise_if(
            _problems(after, keeping=before)
            + rules.closing_problems(after, justified_actions=_justified_actions())
        )
        apply_data(case, after)
        case.closed_at = timezone.now()
        _record(case, user=user, kind=EventKind.CLOSED, before=before)
        # Issue 18: a Desligamento opens the ANS substitution, in this same transaction.
        substitution_open_for(case=case, user=user)
        webhooks.emit("case.closed", case)
    return case


def case_reopen(*, user, case: Case, reason: str, expected_version: int | None = None) -> Case:
    """Reopen a closed case; the reason is kept in the history."""
    if not reason.strip():
        raise ValidationError({"reason": "Informe o motivo da reabertura."})
    with transaction.atomic():
        case = _lock(case, expected_version)
        if case.is_open:
            raise ValidationError({"__all__": "O caso já está aberto."})
        before = case_to_data(case)
        case.closed_at = None
        _record(case, user=user, kind=EventKind.REOPENED, before=before, note=reason.strip())
        # Issue 18: the provider may not leave after all; closed again, it comes back.
        substitution_cancel_for(case=case, user=user)
        webhooks.emit("case.reopened", case)
        notifications.services.notify_reopened(case=case, by=user)
    return case


def case_assign(*, user, case: Case, analyst, expected_version: int | None = None) -> Case:
    """Give the case to another Analista or Supervisor: only a Supervisor (or an
    administrator) reassigns (PermissionDenied), and never to a Gestor or anyone who does
    not work cases (ValidationError on "analyst"). The one place of the rule: the screen
    and the API both come here."""
    access.require(user, "reassign", case)
    if analyst is None or not case_workers().filter(pk=analyst.pk).exists():
        name = getattr(analyst, "username", analyst)
        raise ValidationError(
            {"analyst": f"Colaborador: {name!r} não é um Analista ou Supervisor ativo."}
        )
    with transaction.atomic():
        case = _lock(case, expected_version)
        before = case_to_data(case)
        case.analyst, case.analyst_name = analyst, ""
        _record(case, user=user, kind=EventKind.ASSIGNED, before=before)
        webhooks.emit("case.assigned", case)
        notifications.services.notify_assigned(case=case, by=user)
    return case


@dataclass(frozen=True)
class ImportLookups:
    """What every form of a batch reads alike, read once for the batch (the import_forms
    command, a web upload): every option of the reference tables, the users (to match a
    form's Colaborador) and the deadline policy. Reading them for each form cost a third
    of a new form's statements and CPU (bench/bench_import.py). Changes an administrator
    makes meanwhile reach the next batch; an option a form creates reaches the next form."""

    tables: vocabulary.ReferenceTables
    users: list
    policy: DeadlinePolicy

    @classmethod
    def read(cls) -> "ImportLookups":
        models = [*vocabulary.LABELLED.values(), *vocabulary.OPTION_LISTS.values()]
        users = list(get_user_model().objects.order_by("pk"))
        return cls(vocabulary.ReferenceTables.read(models), users, DeadlinePolicy.current())


def case_import(
    *,
    user,
    data: CaseData,
    warnings: list[str],
    source: str,
    case: Case | None = None,
    analyst=None,
    lookups: ImportLookups | None = None,
) -> tuple[Case, str]:
    """Store a form read from an old file, as it is: "created", "updated" or "unchanged".

    Historical forms are kept whole: what the rules would refuse becomes a warning on the
    case instead of a refusal (FORM.md, "Reading a filled form"). A form with a status is
    stored closed. `case` is the earlier import of the same form, to be updated;
    `analyst` takes the case when the form's Colaborador is not a user; `lookups`: read
    once for a batch of forms (`ImportLookups.read()`).
    """
    lookups = lookups or ImportLookups.read()
    tables = lookups.tables
    if form_rules.dates_out_of_order(data.started_on, data.finished_on):
        raise ValidationError({"finished_on": form_rules.DATE_ORDER})
    _raise_if(rules.size_problems(data))  # refused, not kept as a warning: issue 17
    _raise_if(rules.unknown_option_problems(data, tables.vocabulary(keeping=data)))
    created = case is None
    # All or nothing; no savepoint of its own inside a caller's transaction (the import
    # keeps one per form): two statements less a form.
    with transaction.atomic(savepoint=False):
        if created:
            case, before = Case(created_by=user, version=0), CaseData()
        else:
            case = Case.objects.with_form().select_for_update(of=("self",)).get(pk=case.pk)
            before = case_to_data(case)
            if before == data:
                return case, "unchanged"
        case.import_warnings = [*warnings, *_rule_warnings(data, tables.justified_actions())]
        case.closed_at = (case.closed_at or timezone.now()) if data.status else None
        options = fill_case(
            case, data, default_analyst=analyst, new_labels=True, tables=tables, users=lookups.users
        )
        # What reading the case back would give: its fields as set, its contacts and
        # options as written just below.
        after = case_to_data(case, Related(data.contacts, options))
        _derive(case, after, action_keywords=tables.action_keywords(), policy=lookups.policy)
        case.save()  # once: the derived values are set before the INSERT (or UPDATE)
        link_options(case, options, adding=created)
        replace_contacts(case, data.contacts, user=user, adding=created)
        kind = EventKind.IMPORTED
        _history(
            case, user=user, kind=kind, before=before, after=after, note=source, created=created
        )
    return case, ("created" if created else "updated")


# Fields that identify the person; anonymising blanks them here and in the history.
PERSONAL_FIELDS = ("provider.name", "provider.cpf", "provider.cnpj", "provider.cro")
ANONYMOUS = anonymisation.ANONYMOUS


def provider_anonymise(*, user, provider: Provider) -> int:
    """Remove a provider's personal data from every place it is (LGPD; cases.anonymisation).

    What makes the statistics stays: city, UF, dates, lives, reasons, actions, sectors,
    outcome. Names, CPF, CNPJ and CRO go from the cases, and from every text of them (notes,
    contacts, signatures, warnings, the history's values and notes, the originals' file
    names and differences): her name and numbers erased, other phones, CPFs and e-mails
    masked; the originals are deleted. Then every app's eraser (`anonymisation.ERASERS`).
    Returns how many cases changed.
    """
    with transaction.atomic():
        provider = Provider.objects.select_for_update().get(pk=provider.pk)
        cases = list(provider.cases.select_for_update())
        person = anonymisation.Person.of(provider, cases)
        for case in cases:
            _anonymise_case(case, user=user, person=person)
        provider.name, provider.cpf, provider.cnpj = ANONYMOUS, "", ""
        provider.cro = f"anon-{provider.pk}"
        provider.save()
        anonymisation.erase_elsewhere(person)
    return len(cases)


def _anonymise_case(case: Case, *, user, person) -> None:
    before = case_to_data(case)
    case.provider_name, case.cpf, case.cnpj = ANONYMOUS, "", ""
    case.cro = f"anon-{case.provider_id}"
    for field in ("other_plans", "retention_actions_notes", "general_notes"):
        setattr(case, field, person.scrub(getattr(case, field)))
    for field in ("signatures", "warnings", "import_warnings"):
        setattr(case, field, person.scrub_value(getattr(case, field)))
    case.save()
    for contact in case.contacts.all():
        contact.notes = person.scrub(contact.notes)
        contact.save(update_fields=["notes"])
    for source in case.source_files.all():
        source.original.delete(save=False)
        source.filename = ANONYMOUS
        source.message, source.warnings = (
            person.scrub(source.message),
            person.scrub_value(source.warnings),
        )
        source.changes = []
        source.save(update_fields=["original", "filename", "message", "warnings", "changes"])
    case.search_text = search_text_of(case_to_data(case))
    _record(case, user=user, kind=EventKind.ANONYMISED, before=before)
    for event in case.events.all():  # the history keeps that fields changed, not the values
        event.changes = [_scrubbed(change, person) for change in event.changes]
        event.note = person.scrub(event.note)
        event.save(update_fields=["changes", "note"])


def _scrubbed(change: dict, person) -> dict:
    if change["field"] in PERSONAL_FIELDS:
        return {**change, "old": ANONYMOUS, "new": ANONYMOUS}
    return {**person.scrub_value(change), "field": change["field"]}


def _rule_warnings(data: CaseData, justified_actions: set[str]) -> list[str]:
    problems = rules.validity_problems(data, today=timezone.localdate())
    if data.status:
        problems += rules.closing_problems(data, justified_actions=justified_actions)
    return [p.message for p in problems]


# Helpers ------------------------------------------------------------------------------


def _lock(case: Case, expected_version: int | None) -> Case:
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if expected_version is not None and locked.version != expected_version:
        since = list(locked.events.filter(version__gt=expected_version).select_related("user"))
        raise CaseConflict(locked, since)
    return locked


def _refuse_if_closed(case: Case) -> None:
    if not case.is_open:
        raise ValidationError({"__all__": "Caso encerrado: reabra-o para alterar."})


def _raise_if(problems: list[rules.Problem]) -> None:
    if not problems:
        return
    by_field: dict[str, list[str]] = {}
    for problem in problems:
        by_field.setdefault(problem.field, []).append(problem.message)
    raise ValidationError(by_field)


def _with_contact(data: CaseData, contact: ContactData) -> CaseData:
    copy = CaseData.from_dict(data.to_dict())
    copy.contacts.append(contact)
    return copy


def _problems(data: CaseData, *, keeping: CaseData | None = None) -> list[rules.Problem]:
    """What the case's form may never have: broken rules, an option that is unknown or
    deactivated (unless the case already has it: `keeping`, its form before)."""
    return rules.validity_problems(data, today=timezone.localdate()) + (
        rules.unknown_option_problems(data, vocabulary.current(keeping=keeping))
    )


def _justified_actions() -> set[str]:
    """The actions that need a justification in their notes ("Outros")."""
    return set(
        RetentionAction.objects.filter(needs_justification=True).values_list("code", flat=True)
    )


def action_keywords() -> dict[str, list[str]]:
    actions = RetentionAction.objects.filter(active=True).exclude(keywords="")
    return {a.code: a.keyword_list() for a in actions}


def _record(
    case: Case, *, user, kind: str, before: CaseData, note: str = "", created: bool = False
) -> None:
    """Refresh derived values, bump the version, save, and write the history entry (one
    event, each changed field) with the dashboard's row of the case."""
    after = case_to_data(case)  # its fields as set, its options and contacts as written
    _derive(case, after, action_keywords=action_keywords(), policy=DeadlinePolicy.current())
    case.save()
    _history(case, user=user, kind=kind, before=before, after=after, note=note, created=created)


def _derive(case: Case, after: CaseData, *, action_keywords, policy: DeadlinePolicy) -> None:
    """Set the values derived from the case's form `after` and bump the version (unsaved)."""
    case.warnings = rules.soft_warnings(after, action_keywords=action_keywords)
    contact_dates = [c.date for c in after.contacts]
    deadlines.refresh(case, policy=policy, contact_dates=contact_dates)
    case.version += 1


def _history(
    case: Case, *, user, kind: str, before: CaseData, after: CaseData, note: str, created: bool
) -> None:
    """The saved case's dashboard row and its history entry (one event, each changed field)."""
    report_facts.case_changed(case, created=created)
    CaseEvent.objects.create(
        case=case,
        user=user,
        kind=kind,
        note=note,
        changes=data_diff(before, after),
        version=case.version,
    )


def data_diff(before: CaseData, after: CaseData) -> list[dict[str, Any]]:
    """Each field whose value differs, with its form label and both values."""
    old, new = flatten(before.to_dict()), flatten(after.to_dict())
    return [
        {"field": path, "label": field_label(path), "old": old.get(path), "new": new.get(path)}
        for path in dict.fromkeys([*old, *new])
        if old.get(path) != new.get(path)
    ]
