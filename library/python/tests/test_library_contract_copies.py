"""The contract files shipped in the package are the repository's spec/ files, byte for byte."""

from pathlib import Path

import pytest

from scl_library.spec import CONTRACT_FILES

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "scl_library"
REPOSITORY_SPEC = Path(__file__).resolve().parents[3] / "spec"


@pytest.mark.parametrize("name", CONTRACT_FILES)
def test_the_shipped_copy_matches_the_repository_spec(name: str) -> None:
    shipped = (PACKAGE / "contract" / name).read_bytes()
    assert shipped == (REPOSITORY_SPEC / name).read_bytes(), f"run scripts/setup/python.sh to refresh contract/{name}"
