"""The administrator's municipalities CSV: read and validated before anything is stored.

Columns (header required, ";" or ","): codigo_ibge; municipio; uf; codigo_regiao_saude;
regiao_saude; limitrofes (IBGE codes separated by "|"). docs/ans.md says where the data
comes from.
"""

import csv
import io
from dataclasses import dataclass, field

from formio.brids import UFS

from .models import Municipality
from .services import MunicipalityRow

COLUMNS = (
    "codigo_ibge",
    "municipio",
    "uf",
    "codigo_regiao_saude",
    "regiao_saude",
    "limitrofes",
)
MAX_BYTES = 5_000_000  # Brazil's 5,570 municipalities with neighbours take about 400 kB

# IBGE's code of each UF: a municipality's code starts with its UF's.
UF_IBGE = {
    "RO": "11",
    "AC": "12",
    "AM": "13",
    "RR": "14",
    "PA": "15",
    "AP": "16",
    "TO": "17",
    "MA": "21",
    "PI": "22",
    "CE": "23",
    "RN": "24",
    "PB": "25",
    "PE": "26",
    "AL": "27",
    "SE": "28",
    "BA": "29",
    "MG": "31",
    "ES": "32",
    "RJ": "33",
    "SP": "35",
    "PR": "41",
    "SC": "42",
    "RS": "43",
    "MS": "50",
    "MT": "51",
    "GO": "52",
    "DF": "53",
}  # fmt: skip  (seven codes a line, as IBGE prints its table)


@dataclass
class Reading:
    rows: list[MunicipalityRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def read_csv(content: bytes) -> Reading:
    """The file's rows, or the reasons (line by line, in Portuguese) it cannot be loaded."""
    reading = Reading()
    if len(content) > MAX_BYTES:
        reading.errors.append("Arquivo: maior que 5 MB.")
        return reading
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        reading.errors.append("Arquivo: não está em UTF-8.")
        return reading
    delimiter = ";" if text.split("\n", 1)[0].count(";") else ","
    lines = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    missing = [c for c in COLUMNS if c not in (lines.fieldnames or [])]
    if missing:
        reading.errors.append(f"Cabeçalho: faltam as colunas {', '.join(missing)}.")
        return reading
    for number, line in enumerate(lines, start=2):
        _read_line(reading, number, {k: (v or "").strip() for k, v in line.items() if k})
    _check_neighbours(reading)
    return reading


def _read_line(reading: Reading, number: int, line: dict) -> None:
    code, uf, name = line["codigo_ibge"], line["uf"].upper(), line["municipio"]
    errors = []
    if not (code.isdigit() and len(code) == 7):
        errors.append(f"código IBGE “{code}” deve ter 7 dígitos")
    if uf not in UFS:
        errors.append(f"UF “{line['uf']}” inválida")
    elif code[:2] != UF_IBGE[uf]:
        errors.append(f"código IBGE {code} não é da UF {uf} (começa por {UF_IBGE[uf]})")
    if not name:
        errors.append("município em branco")
    if any(r.ibge_code == code for r in reading.rows):
        errors.append(f"código IBGE {code} repetido")
    neighbours = tuple(c.strip() for c in line["limitrofes"].split("|") if c.strip())
    if errors:
        reading.errors.append(f"Linha {number}: {'; '.join(errors)}.")
        return
    reading.rows.append(
        MunicipalityRow(
            ibge_code=code,
            name=name,
            uf=uf,
            health_region_code=line["codigo_regiao_saude"],
            health_region_name=line["regiao_saude"],
            neighbours=neighbours,
        )
    )


def _check_neighbours(reading: Reading) -> None:
    known = {r.ibge_code for r in reading.rows}
    wanted = {c for r in reading.rows for c in r.neighbours} - known
    known |= set(
        Municipality.objects.filter(ibge_code__in=wanted).values_list("ibge_code", flat=True)
    )
    for row in reading.rows:
        unknown = [c for c in row.neighbours if c not in known]
        if unknown:
            reading.errors.append(
                f"Município {row.ibge_code} ({row.name}): limítrofes desconhecidos "
                f"{', '.join(unknown)} (inclua-os no arquivo)."
            )
