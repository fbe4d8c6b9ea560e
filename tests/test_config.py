"""Settings shared by the chapters: profiles, data root, cache, reference files."""

import pytest

from distill import config


def test_known_profiles_pass():
    for profile in ("quick", "full", "paper"):
        assert config.check_profile(profile) == profile


def test_unknown_profile_names_the_choices():
    with pytest.raises(ValueError, match=r"unknown profile 'nonsense'; choose one of quick, full, paper"):
        config.check_profile("nonsense")


def test_missing_data_root_is_one_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"data root .*nope.* does not exist"):
        config.resolve_data_root(tmp_path / "nope")


def test_data_root_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("DISTILL_DATA", str(tmp_path))
    assert config.resolve_data_root(None) == tmp_path.resolve()
    monkeypatch.delenv("DISTILL_DATA")
    assert config.resolve_data_root(None) is None


def test_cache_dir_is_created(tmp_path, monkeypatch):
    monkeypatch.setenv("DISTILL_CACHE", str(tmp_path / "c"))
    assert config.cache_dir() == (tmp_path / "c").resolve()
    assert (tmp_path / "c").is_dir()


def test_reference_dir_without_files_says_where_to_get_them(tmp_path):
    with pytest.raises(FileNotFoundError, match="DISTILL_REFERENCE"):
        config.reference_dir(tmp_path)
