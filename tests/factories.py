"""Factories for leaf data: people's details and users with roles. Anything with a process state
is built through the services (see `tests/process/flow.py`)."""

from __future__ import annotations

import datetime as dt

import factory

from meldpunt.access.models import Team, User
from meldpunt.access.services import grant_roles
from meldpunt.registry.services import PersonData


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Team {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            grant_roles(self, extracted)


class PersonDataFactory(factory.Factory):
    class Meta:
        model = PersonData

    role = "victim"
    given_names = factory.Faker("first_name", locale="nl_NL")
    surname = factory.Faker("last_name", locale="nl_NL")
    date_of_birth = factory.Faker(
        "date_between", start_date=dt.date(1950, 1, 1), end_date=dt.date(2020, 1, 1)
    )
    sex = "v"
    street = factory.Faker("street_name", locale="nl_NL")
    house_number = factory.Sequence(lambda n: str(n % 200 + 1))
    postcode = "3011 AB"
    city = "Rotterdam"
