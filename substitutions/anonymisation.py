"""The public notice's details of an anonymised provider (address, phone, site) go."""

from cases.anonymisation import Person

from .models import ProviderProfile


def erase(person: Person) -> None:
    ProviderProfile.objects.filter(provider_id=person.provider_id).update(
        street="", cep="", phone="", website=""
    )
