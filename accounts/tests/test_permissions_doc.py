import re
from pathlib import Path

from accounts import access, roles

DOC = Path(__file__).resolve().parents[2] / "docs" / "permissions.md"


def _documented_matrix() -> dict[str, set[str]]:
    rows = re.findall(r"^\| (\w+) \([^)]*\) \|(.+)\|$", DOC.read_text(), flags=re.M)
    matrix = {role: set() for role in roles.ROLES}
    for action, cells in rows:
        for role, cell in zip(roles.ROLES, cells.split("|"), strict=True):
            if cell.strip().startswith("sim"):
                matrix[role].add(action)
    return matrix


def test_the_documented_permission_table_is_the_one_the_system_enforces():
    assert _documented_matrix() == access.MATRIX
