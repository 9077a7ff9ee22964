"""The administrator's municipalities CSV: validated whole before anything is stored."""

from django.core.files.uploadedfile import SimpleUploadedFile

from substitutions.models import Municipality

HEADER = "codigo_ibge;municipio;uf;codigo_regiao_saude;regiao_saude;limitrofes\n"
GOOD = (
    HEADER
    + "3303906;Petrópolis;RJ;33005;Serrana;3305802|3300936\n"
    + "3305802;Teresópolis;RJ;33005;Serrana;3303906\n"
    + "3300936;Areal;RJ;33004;Centro-Sul;3303906\n"
)


def upload(client, text):
    csv = SimpleUploadedFile("municipios.csv", text.encode("utf-8"), "text/csv")
    return client.post("/substituicoes/municipios/", {"file": csv}, follow=True)


def test_an_administrator_loads_municipalities_with_neighbours(client, administrator):
    client.force_login(administrator)
    assert "3 município(s) carregado(s)." in upload(client, GOOD).text
    petropolis = Municipality.objects.get(ibge_code="3303906")
    assert petropolis.health_region_name == "Serrana"
    assert sorted(m.name for m in petropolis.neighbours.all()) == ["Areal", "Teresópolis"]
    teresopolis = Municipality.objects.get(ibge_code="3305802")
    assert [m.name for m in teresopolis.neighbours.all()] == ["Petrópolis"]


def test_a_bad_file_loads_nothing_and_says_which_line(client, administrator):
    client.force_login(administrator)
    bad = HEADER + "3303906;Petrópolis;RJ;33005;Serrana;\n" + "3550308;São Paulo;RJ;;;9999999\n"
    text = upload(client, bad).text
    assert "Linha 3: código IBGE 3550308 não é da UF RJ (começa por 33)." in text
    assert not Municipality.objects.exists()
    text = upload(client, HEADER + "3303906;Petrópolis;RJ;;;3305802\n").text
    assert "limítrofes desconhecidos 3305802" in text
    assert not Municipality.objects.exists()


def test_only_an_administrator_may_load_them(client, supervisor):
    client.force_login(supervisor)
    assert upload(client, GOOD).status_code == 403
    assert not Municipality.objects.exists()


def test_the_equivalence_follows_the_municipalities(terminated, analyst, client, administrator):
    from cases.models import Provider
    from substitutions import services
    from substitutions.models import ProviderProfile

    client.force_login(administrator)
    upload(client, GOOD)
    ProviderProfile.objects.create(
        provider=Provider.objects.get(), municipality=Municipality.objects.get(name="Petrópolis")
    )
    sub = services.substitution_update(
        user=analyst,
        substitution=terminated.substitution,
        values={
            "substitute_name": "CLINICA X",
            "substitute_municipality": Municipality.objects.get(name="Teresópolis"),
        },
    )
    assert sub.equivalence == "neighbouring"
