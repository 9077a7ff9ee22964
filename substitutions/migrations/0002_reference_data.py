"""Specialties (CFO's dental specialties, Resolução CFO-63/2005 and its later additions,
plus general practice) and establishment types. Plans are the operator's own: entered in
the admin. Municipalities come from the administrator's CSV (docs/ans.md)."""

from django.db import migrations

SPECIALTIES = [
    ("clinica-geral", "Clínica geral"),
    ("acupuntura", "Acupuntura"),
    ("cirurgia-bucomaxilofacial", "Cirurgia e Traumatologia Bucomaxilofaciais"),
    ("dentistica", "Dentística"),
    ("dtm-dor-orofacial", "Disfunção Temporomandibular e Dor Orofacial"),
    ("endodontia", "Endodontia"),
    ("estomatologia", "Estomatologia"),
    ("harmonizacao-orofacial", "Harmonização Orofacial"),
    ("homeopatia", "Homeopatia"),
    ("implantodontia", "Implantodontia"),
    ("odontogeriatria", "Odontogeriatria"),
    ("odontologia-do-esporte", "Odontologia do Esporte"),
    ("odontologia-do-trabalho", "Odontologia do Trabalho"),
    ("odontologia-hospitalar", "Odontologia Hospitalar"),
    ("odontologia-legal", "Odontologia Legal"),
    ("pacientes-especiais", "Odontologia para Pacientes com Necessidades Especiais"),
    ("odontopediatria", "Odontopediatria"),
    ("ortodontia", "Ortodontia"),
    ("ortopedia-funcional", "Ortopedia Funcional dos Maxilares"),
    ("patologia-oral", "Patologia Oral e Maxilofacial"),
    ("periodontia", "Periodontia"),
    ("protese-bucomaxilofacial", "Prótese Bucomaxilofacial"),
    ("protese-dentaria", "Prótese Dentária"),
    ("radiologia", "Radiologia Odontológica e Imaginologia"),
    ("saude-coletiva", "Saúde Coletiva"),
]
TYPES = [
    ("consultorio", "Consultório odontológico (profissional)", "individual"),
    ("clinica", "Clínica odontológica", "clinic"),
    ("clinica-radiologia", "Clínica de radiologia odontológica", "clinic"),
    ("policlinica", "Policlínica / centro odontológico", "clinic"),
]


def seed(apps, schema_editor):
    Specialty = apps.get_model("substitutions", "Specialty")
    EstablishmentType = apps.get_model("substitutions", "EstablishmentType")
    for code, label in SPECIALTIES:
        Specialty.objects.update_or_create(code=code, defaults={"label": label})
    for code, label, kind in TYPES:
        EstablishmentType.objects.update_or_create(code=code, defaults={"label": label, "kind": kind})


class Migration(migrations.Migration):
    dependencies = [("substitutions", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
