from pathlib import Path

import pytest

from generator.config import SiteConfig, load_config
from generator.errors import ConfigError


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    assert load_config(tmp_path / "site.toml") == SiteConfig()


def test_file_sets_values_and_base_url_gets_a_trailing_slash(tmp_path: Path) -> None:
    path = tmp_path / "site.toml"
    path.write_text('title = "Mirror"\nbase_url = "https://user.github.io/repo"\nper_page = 3\n')
    config = load_config(path)
    assert config.title == "Mirror"
    assert config.base_url == "https://user.github.io/repo/"
    assert config.per_page == 3


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('titel = "typo"\n', "unknown setting(s) titel"),
        ("per_page = 0\n", "per_page: must be at least 1"),
        ('per_page = "ten"\n', "per_page: expected int"),
        ('base_url = "/relative/"\n', "base_url: must be an absolute"),
        ('timezone = "Mars/Olympus"\n', "timezone: unknown time zone"),
        ("title = \n", "site.toml"),
    ],
)
def test_invalid_settings_name_the_key(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "site.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_config(path)


def test_overrides_make_a_validated_copy() -> None:
    config = SiteConfig()
    changed = config.with_overrides(base_url="https://example.org/news", theme=None)
    assert changed.base_url == "https://example.org/news/"
    assert changed.theme == config.theme
    assert config.base_url == SiteConfig().base_url
    with pytest.raises(ConfigError):
        config.with_overrides(base_url="ftp://example.org/")


def test_the_projects_own_config_is_valid() -> None:
    config = load_config(Path(__file__).resolve().parent.parent / "site.toml")
    assert config.base_url.endswith("/")
