"""The writers' shared digest cache: bytes back by key, nothing without a folder, bounded."""

import os

from briefexport.writers.shared.digest_cache import DigestCache, digest_key


def test_bytes_come_back_by_key(tmp_path):
    cache = DigestCache(tmp_path, "things")
    key = digest_key(b"source", "options")
    assert cache.get(key) is None
    cache.put(key, b"made once")
    assert DigestCache(tmp_path, "things").get(key) == b"made once"
    assert [p.name for p in (tmp_path / "things").iterdir()] == [key]


def test_key_covers_every_part_and_their_boundaries():
    assert digest_key(b"ab", b"c") != digest_key(b"a", b"bc")
    assert digest_key("x") == digest_key(b"x")
    assert digest_key("x", "y") != digest_key("x", "z")


def test_without_a_cache_folder_nothing_is_kept():
    cache = DigestCache(None, "things")
    cache.put("k", b"data")
    assert cache.get("k") is None


def test_the_least_recently_used_entries_go_first_when_over_the_limit(tmp_path):
    cache = DigestCache(tmp_path, "things", limit=450)  # an entry is its 100 bytes + a 32-byte checksum
    for index in range(3):
        cache.put(f"k{index}", bytes(100))
        os.utime(tmp_path / "things" / f"k{index}", ns=(index * 10**9, index * 10**9))
    os.utime(tmp_path / "things" / "k0", ns=(10 * 10**9, 10 * 10**9))  # k0 used last
    cache.put("k3", bytes(100))
    left = sorted(p.name for p in (tmp_path / "things").iterdir())
    assert sum((tmp_path / "things" / name).stat().st_size for name in left) <= 225
    assert "k1" not in left and "k2" not in left and "k3" in left


def test_a_damaged_entry_is_not_given_back(tmp_path):
    cache = DigestCache(tmp_path, "things")
    cache.put("cut", b"x" * 1000)
    cache.put("flipped", b"y" * 1000)
    entry = tmp_path / "things" / "cut"
    entry.write_bytes(entry.read_bytes()[:500])  # as a full disk or a killed copy might leave it
    entry = tmp_path / "things" / "flipped"
    entry.write_bytes(entry.read_bytes()[:-1] + b"z")
    assert cache.get("cut") is None and cache.get("flipped") is None
    assert not any((tmp_path / "things").iterdir())  # dropped, to be made again
