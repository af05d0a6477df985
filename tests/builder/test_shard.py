"""`build --shard K/N`: N machines each build a share of the sources, and their output folders
merge into exactly what one build makes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefexport.builder import Drafts, build
from briefexport.builder.manifest import MANIFEST, shard_manifest
from briefexport.builder.plan import in_shard
from briefexport.cli import main
from conftest import copy_project

SHARDS = 3
FORMATS = ["pdf", "html", "epub", "docx"]


def files_in(folder: Path) -> dict[str, bytes]:
    """Every output in `folder` by its relative name (the manifests and the cache apart)."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file()
        and not p.name.startswith(".briefexport-manifest")
        and p.relative_to(folder).parts[0] != ".cache"
    }


@pytest.mark.slow
def test_shards_build_every_output_once_and_merge_into_the_single_build(tmp_path):
    # Every shard builds into the same place (a CI job's build/), since outputs link to pictures
    # and fonts relative to it; each result is then set aside, as a CI job uploads its artifact.
    project = copy_project(tmp_path / "project")
    out = project.root / "build"
    shards = {}
    for k in range(1, SHARDS + 1):
        result = build(project, formats=FORMATS, out=out, shard=(k, SHARDS), drafts=Drafts.TAKE_IN)
        assert result.ok, [str(d) for d in result.report.errors]
        shards[k] = files_in(out)
        # each shard records what it built in a manifest of its own, and only that
        assert sorted(p.name for p in out.glob(".briefexport-manifest*")) == [shard_manifest(k, SHARDS)]
        shutil.move(out, tmp_path / f"shard-{k}")
    single = build(project, formats=FORMATS, out=out, drafts=Drafts.TAKE_IN)
    assert single.ok
    expected = files_in(out)
    names = [name for built in shards.values() for name in built]
    assert len(names) == len(set(names))  # no output built twice
    assert sorted(names) == sorted(expected)  # none left out
    assert all(len(built) for built in shards.values())  # the sample's sources spread over all three

    merged = tmp_path / "merged"  # what the merge step does: copy the folders together
    for k in shards:
        shutil.copytree(tmp_path / f"shard-{k}", merged, dirs_exist_ok=True)
    assert files_in(merged) == expected  # byte for byte
    # the merged folder keeps every shard's manifest: a shard built again there rebuilds nothing
    shutil.rmtree(out)
    shutil.move(merged, out)
    again = build(project, formats=FORMATS, out=out, shard=(1, SHARDS), drafts=Drafts.TAKE_IN)
    assert again.ok and again.built == [] and len(again.skipped) == len(shards[1])
    # and a build of the merged folder without --shard counts every shard's records: nothing to do
    whole = build(project, formats=FORMATS, out=out, drafts=Drafts.TAKE_IN)
    assert whole.ok and whole.built == [] and len(whole.skipped) == len(expected)


def test_the_partition_goes_by_slug_alone():
    slugs = [f"brief-{i:03d}" for i in range(200)]
    for n in (1, 2, 4, 7):
        owners = {
            slug: [k for k in range(1, n + 1) if in_shard(Path(f"content/briefs/{slug}.md"), (k, n))]
            for slug in slugs
        }
        assert all(len(found) == 1 for found in owners.values())  # each source in exactly one shard
        assert all(any(found == [k] for found in owners.values()) for k in range(1, n + 1))  # none empty
    # not the order or the folder: the same slug is in the same shard wherever its file lies
    assert in_shard(Path("a/briefs/x.md"), (2, 5)) == in_shard(Path("b/collections/x.yaml"), (2, 5))


def test_a_shard_with_nothing_to_build_succeeds_and_a_bad_shard_is_a_usage_error(tmp_path, monkeypatch):
    project = copy_project(tmp_path / "p")
    for path in project.briefs()[1:]:
        path.unlink()
    for path in project.collections():
        path.unlink()
    slug = project.briefs()[0]
    empty = next(k for k in (1, 2) if not in_shard(slug, (k, 2)))
    monkeypatch.chdir(project.root)
    runner = CliRunner()
    result = runner.invoke(main, ["build", "--format", "html", "--shard", f"{empty}/2"])
    assert result.exit_code == 0, result.output
    assert not (project.root / "build" / "html").exists()
    result = runner.invoke(main, ["build", "--format", "html", "--shard", f"{3 - empty}/2"])
    assert result.exit_code == 0, result.output
    assert (project.root / "build" / "html" / f"{slug.stem}.html").is_file()
    assert not (project.root / "build" / MANIFEST).exists()
    for bad in ("0/2", "3/2", "2", "a/b", "1/0"):
        result = runner.invoke(main, ["build", "--format", "html", "--shard", bad])
        assert result.exit_code == 2 and "--shard" in result.output, bad
