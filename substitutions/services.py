"""The only way a substitution changes: one transaction and one history entry each.

Invalid input raises ValidationError with one Portuguese message per field and changes
nothing. `substitution_open_for` is called by `cases.services.case_close`,
`substitution_cancel_for` by `cases.services.case_reopen`. Each history entry is a new
`version`; a write sent with the version it read is refused (SubstitutionConflict) when
someone changed the substitution since.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from cases.models import Case, Provider, Status

from . import rules
from .models import (
    STATE_LABELS,
    EvidenceFile,
    Municipality,
    ProviderKind,
    ProviderProfile,
    Stage,
    Substitution,
    SubstitutionEvent,
    SubstitutionPolicy,
)

# The fields a user sets (the panel's form and the API); many-to-many ones apart.
FIELDS = (
    "last_service_on",
    "substitute_provider",
    "substitute_name",
    "substitute_kind",
    "substitute_cro",
    "substitute_cro_uf",
    "substitute_cnpj",
    "substitute_type",
    "substitute_street",
    "substitute_cep",
    "substitute_municipality",
    "substitute_phone",
    "substitute_website",
    "substitute_starts_on",
    "substitute_in_network",
    "added_capacity_evidence",
    "equivalence",
    "exception",
    "exception_evidence",
    "published_on",
    "publish_until",
    "rps_updated_on",
    "continuing_patients",
    "continuing_patients_notes",
)  # fmt: skip  (one line per group would triple the tuple's height and say nothing more)
MANY = ("plans", "substitute_specialties")


class SubstitutionConflict(Exception):
    """The substitution changed after the user read it; `events` say what changed since."""

    def __init__(self, substitution: Substitution, events: list[SubstitutionEvent]):
        self.substitution = substitution
        self.events = events
        super().__init__(
            "Esta substituição foi alterada por outra pessoa depois que você a leu. "
            "Nada foi salvo: confira as alterações e refaça as suas."
        )


RESUMED = "Substituição retomada: caso encerrado de novo como Desligamento"
CANCELLED = "Substituição cancelada: caso reaberto (o prestador pode não sair)"


def substitution_open_for(*, case: Case, user) -> Substitution | None:
    """Open the substitution of a case closed as Desligamento (none twice, none otherwise).
    Closed again as Desligamento after a reopening, the cancelled one comes back."""
    if case.status != Status.TERMINATED:
        return None
    with transaction.atomic():
        substitution, created = Substitution.objects.select_for_update().get_or_create(case=case)
        if created:
            _log(substitution, user=user, note="Substituição aberta")
        elif substitution.stage == Stage.CANCELLED:
            _set_stage(substitution, rules.stage_of(substitution), user=user, note=RESUMED)
    return substitution


def substitution_cancel_for(*, case: Case, user) -> Substitution | None:
    """The case of a substitution was reopened: the provider may not be leaving, so the
    substitution leaves the lists, the inbox and the public notice until the case is
    closed as Desligamento again (its values are kept)."""
    with transaction.atomic():
        substitution = Substitution.objects.select_for_update().filter(case=case).first()
        if substitution is None or substitution.stage == Stage.CANCELLED:
            return substitution
        _set_stage(substitution, Stage.CANCELLED, user=user, note=CANCELLED)
    return substitution


def _set_stage(sub: Substitution, stage: str, *, user, note: str) -> None:
    change = {
        "field": "stage",
        "label": str(Substitution._meta.get_field("stage").verbose_name),
        "old": STATE_LABELS[sub.stage],
        "new": STATE_LABELS[stage],
    }
    sub.stage, sub.updated_at = stage, timezone.now()
    sub.save(update_fields=["stage", "updated_at"])
    _log(sub, user=user, note=note, changes=[change])


def substitution_open_imported(*, user, cases: Iterable[Case]) -> int:
    """Open, on a user's request, the substitutions of old (imported) terminations."""
    with transaction.atomic():
        wanted = [c for c in cases if c.status == Status.TERMINATED and c.closed_at]
        having = set(Substitution.objects.filter(case__in=wanted).values_list("case_id", flat=True))
        new = [Substitution(case=c, version=1) for c in wanted if c.pk not in having]
        Substitution.objects.bulk_create(new)
        created = Substitution.objects.filter(case__in=[s.case for s in new])
        SubstitutionEvent.objects.bulk_create(
            SubstitutionEvent(
                substitution=s, user=user, note="Substituição aberta a pedido", version=1
            )
            for s in created
        )
    return len(new)


def substitution_update(
    *,
    user,
    substitution: Substitution,
    values: dict,
    files: Iterable = (),
    expected_version: int | None = None,
) -> Substitution:
    """Set the fields in `values` (FIELDS and MANY), add evidence `files`; rules must pass.
    A cancelled substitution (its case reopened) is not changed."""
    files = list(files)
    policy = SubstitutionPolicy.current()
    with transaction.atomic():
        sub = _lock(substitution, expected_version)
        if sub.stage == Stage.CANCELLED:
            raise ValidationError(
                {
                    "__all__": "Substituição cancelada: o caso foi reaberto. Ela volta se o "
                    "caso for encerrado de novo como Desligamento."
                }
            )
        before = _snapshot(sub)
        for field in FIELDS:
            if field in values:
                setattr(sub, field, values[field])
        if "substitute_provider" in values and values["substitute_provider"] is not None:
            _copy_identity(sub, values["substitute_provider"])
        sub.notice_due_on = rules.notice_due_on(sub.last_service_on, notice_days=policy.notice_days)
        if not sub.equivalence and not sub.exception:
            sub.equivalence = rules.equivalence_between(
                _leaving_municipality(sub.case), sub.substitute_municipality
            )
        has_files = bool(files) or sub.evidence_files.exists()
        _raise_if(
            rules.problems(
                sub, has_evidence_files=has_files, publish_min_days=policy.publish_min_days
            )
        )
        sub.stage = rules.stage_of(sub)
        sub.updated_at = timezone.now()
        sub.save()
        for field in MANY:
            if field in values:
                getattr(sub, field).set(values[field])
        for upload in files:
            EvidenceFile.objects.create(
                substitution=sub, file=upload, name=upload.name, uploaded_by=user
            )
        changes = _diff(before, _snapshot(sub))
        changes += [{"field": "evidence", "old": None, "new": f.name} for f in files]
        _log(sub, user=user, note="Substituição alterada", changes=changes)
    return sub


def _leaving_municipality(case: Case) -> Municipality | None:
    profile = getattr(case.provider, "notice_profile", None) if case.provider_id else None
    return profile.municipality if profile else None


def provider_profile_save(*, user, provider: Provider, values: dict) -> ProviderProfile:
    """The departing provider's notice fields (address, type, specialties), with history."""
    with transaction.atomic():
        profile, _ = ProviderProfile.objects.select_for_update().get_or_create(provider=provider)
        for field, value in values.items():
            if field != "specialties":
                setattr(profile, field, value)
        profile.save()
        if "specialties" in values:
            profile.specialties.set(values["specialties"])
        for sub in Substitution.objects.filter(case__provider=provider):
            _log(sub, user=user, note="Endereço/especialidades do prestador alterados")
    return profile


def _copy_identity(sub: Substitution, provider: Provider) -> None:
    """A substitute picked from the network: its identity and address as registered."""
    sub.substitute_name = sub.substitute_name or provider.name
    sub.substitute_cro = provider.cro
    sub.substitute_cro_uf = provider.uf
    sub.substitute_cnpj = provider.cnpj
    sub.substitute_in_network = True
    if not sub.substitute_kind:
        is_clinic = provider.person_type == "J"
        sub.substitute_kind = ProviderKind.CLINIC if is_clinic else ProviderKind.INDIVIDUAL
    profile = getattr(provider, "notice_profile", None)
    if profile is not None:
        for mine, theirs in (
            ("substitute_type", "establishment_type"),
            ("substitute_street", "street"),
            ("substitute_cep", "cep"),
            ("substitute_municipality", "municipality"),
            ("substitute_phone", "phone"),
            ("substitute_website", "website"),
        ):
            if not getattr(sub, mine):
                setattr(sub, mine, getattr(profile, theirs))


def _lock(substitution: Substitution, expected_version: int | None) -> Substitution:
    locked = Substitution.objects.select_for_update().get(pk=substitution.pk)
    if expected_version is not None and locked.version != expected_version:
        since = list(locked.events.filter(version__gt=expected_version).select_related("user"))
        raise SubstitutionConflict(locked, since)
    return locked


def _snapshot(sub: Substitution) -> dict:
    values = {}
    for field in FIELDS:
        value = getattr(sub, field)
        values[field] = value.isoformat() if isinstance(value, datetime.date) else value
    for field in ("substitute_provider", "substitute_type", "substitute_municipality"):
        values[field] = str(values[field]) if values[field] is not None else None
    if sub.pk:
        for field in MANY:
            values[field] = sorted(str(item) for item in getattr(sub, field).all())
    return values


def _diff(before: dict, after: dict) -> list[dict]:
    return [
        {
            "field": field,
            "label": str(Substitution._meta.get_field(field).verbose_name),
            "old": before.get(field),
            "new": after[field],
        }
        for field in after
        if before.get(field) != after[field]
    ]


def _log(sub: Substitution, *, user, note: str, changes: list | None = None) -> None:
    """One history entry, one version more (the substitution row is locked or new)."""
    Substitution.objects.filter(pk=sub.pk).update(version=F("version") + 1)
    sub.version += 1
    SubstitutionEvent.objects.create(
        substitution=sub, user=user, note=note, changes=changes or [], version=sub.version
    )


def _raise_if(found: list[rules.Problem]) -> None:
    if found:
        errors: dict[str, list[str]] = {}
        for problem in found:
            errors.setdefault(problem.field, []).append(problem.message)
        raise ValidationError(errors)


@dataclass(frozen=True)
class MunicipalityRow:
    """One validated line of the administrator's municipalities CSV."""

    ibge_code: str
    name: str
    uf: str
    health_region_code: str
    health_region_name: str
    neighbours: tuple[str, ...]


def municipalities_load(*, user, rows: list[MunicipalityRow]) -> int:
    """Create or update the municipalities of a validated CSV, then their neighbours."""
    with transaction.atomic():
        for row in rows:
            Municipality.objects.update_or_create(
                ibge_code=row.ibge_code,
                defaults={
                    "name": row.name,
                    "uf": row.uf,
                    "health_region_code": row.health_region_code,
                    "health_region_name": row.health_region_name,
                },
            )
        by_code = Municipality.objects.in_bulk(field_name="ibge_code")
        for row in rows:
            if row.neighbours:
                by_code[row.ibge_code].neighbours.add(*(by_code[c] for c in row.neighbours))
    return len(rows)
