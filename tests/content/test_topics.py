"""content/topics.yaml: names, descriptions and merged keyword variants of the library's topics;
every mistake located in the file, reported by `check` like any other content mistake."""

from __future__ import annotations

from click.testing import CliRunner

from briefexport.cli import main
from briefexport.content.topics import normal, read_topics
from briefexport.errors import Report
from conftest import copy_project

REGISTRY = """\
energy-storage:
  name: Energy storage
  description: Batteries.
  keywords: [battery storage, 에너지저장장치]
  ko: {name: 에너지저장장치}
Bad_Id:
  name: Bad
shipping:
  name: Shipping
  keywords: [Battery-Storage]
ports:
  nme: Ports
  colour: blue
"""


def test_a_keyword_matches_whatever_its_case_spaces_and_hyphens():
    assert (
        normal("Energy-Storage") == normal("energy  storage") == normal("ENERGY_STORAGE") == "energy storage"
    )
    assert normal("에너지 저장") == "에너지 저장"


def test_the_registry_is_read_and_each_mistake_is_located(tmp_path):
    project = copy_project(tmp_path)
    project.topics_file.write_text(REGISTRY)
    report = Report()
    topics = read_topics(project, report)
    assert topics["energy-storage"].localized("ko").name == "에너지저장장치"
    assert topics["energy-storage"].localized("en").description == "Batteries."
    lines = sorted(str(d) for d in report.diagnostics)
    assert lines == [
        "content/topics.yaml:10:14: error: keyword `Battery-Storage` is already topic `energy-storage`'s: "
        "a keyword belongs to one topic",
        "content/topics.yaml:12:3: error: ports.name: required key is missing",
        "content/topics.yaml:12:3: error: unknown key `nme` (did you mean `name`?)",
        "content/topics.yaml:13:3: error: unknown key `colour`",
        "content/topics.yaml:6:1: error: topic id `Bad_Id`: use lowercase letters, digits and hyphens "
        "(it names the topic's folder in the library)",
    ]
    assert "shipping" in topics and "ports" not in topics and "Bad_Id" not in topics


def test_check_reports_the_registrys_mistakes(tmp_path, monkeypatch):
    project = copy_project(tmp_path)
    project.topics_file.write_text("energy:\n  name: Energy\n  keywords: energy storage\n")
    monkeypatch.chdir(project.root)
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 1
    assert "content/topics.yaml:3:13: error: energy.keywords: expected a list" in result.output


def test_a_registry_that_is_not_a_mapping(tmp_path):
    project = copy_project(tmp_path)
    project.topics_file.write_text("- energy\n- shipping\n")
    report = Report()
    try:
        read_topics(project, report)
    except Exception as exc:  # ContentError, located at the file's start
        assert "content/topics.yaml:1:1: error: the topics registry must map topic ids" in str(
            exc.diagnostics[0]
        )
    else:
        raise AssertionError("a list is not a registry")
