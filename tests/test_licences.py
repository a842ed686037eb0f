"""The licence, the notice of shipped data and the citation file travel with the package."""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

from tacitus.core.resources import package_file

ROOT = Path(__file__).resolve().parents[1]


def test_the_installed_metadata_names_the_licence_file() -> None:
    assert "LICENSE" in (metadata.metadata("tacitus").get_all("License-File") or [])
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")


def test_the_notice_names_every_shipped_dataset_with_its_licence() -> None:
    notice = package_file("NOTICE.md").read_text(encoding="utf-8")
    for shipped, licence in [
        ("data/gazetteer.npz", "Creative Commons Attribution 4.0"),
        ("data/actors.json.gz", "MIT"),
        ("lexicons/en/triggers_cameo.json.gz", "CC BY-SA 4.0"),
        ("data/plover_scores.tsv", "CC BY-SA 4.0"),
        ("web/static/vendor/leaflet/", "BSD-2-Clause"),
    ]:
        row = next(line for line in notice.splitlines() if f"`{shipped}`" in line)
        assert licence in row, shipped
        assert (
            package_file(shipped.rstrip("/")).is_file()
            or package_file(shipped.rstrip("/")).is_dir()
        )


def test_citation_and_changelog_are_there() -> None:
    citation = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert "cff-version: 1.2.0" in citation and "license: MIT" in citation
    from tacitus import __version__

    assert f'version: "{__version__}"' in citation
    assert (ROOT / "CHANGELOG.md").read_text(encoding="utf-8").startswith("# Changelog")
