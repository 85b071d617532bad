"""Connection settings, resolved as flags > environment > `.env` file.

The API key is held as a `SecretStr`: its repr and str are masked, and the only way to
read it is `.get_secret_value()`, which only the HTTP client calls.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

from thread_tui.core.secret import SecretStr

DEFAULT_BASE_URL = "https://api.openai.com/v1"
ENV_NAMES = ("OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_ORG_ID", "OPENAI_PROJECT_ID")


class SettingsError(ValueError):
    """A setting that cannot be used; the message says which and why."""


@dataclass(frozen=True)
class Settings:
    api_key: SecretStr | None = None
    base_url: str = DEFAULT_BASE_URL
    organization: str | None = None
    project: str | None = None
    connect_timeout: float = 5.0
    total_timeout: float = 60.0
    max_retries: int = 2
    demo: bool = False
    insecure: bool = False
    read_only: bool = False
    env_file: Path | None = None
    warnings: tuple[str, ...] = field(default=())

    def masked_key(self) -> str:
        """`sk-…last4` at most; never the key."""
        return mask_key(self.api_key)

    def with_overrides(self, **changes: object) -> Settings:
        return replace(self, **changes)  # type: ignore[arg-type]


def mask_key(key: SecretStr | None) -> str:
    """`sk-…` plus the last 4 characters; a key without the `sk-` prefix (Azure's) shows only
    `…last4`, and a short key shows no characters at all."""
    if key is None:
        return "(not set)"
    raw = key.get_secret_value()
    if not raw:
        return "(empty)"
    prefix = "sk-" if raw.startswith("sk-") else ""
    if len(raw) < 12:
        return f"{prefix}…"
    return f"{prefix}…{raw[-4:]}"


def load_settings(
    *,
    api_key: str | None = None,
    base_url: str | None = None,
    organization: str | None = None,
    project: str | None = None,
    env_file: str | Path | None = None,
    environ: Mapping[str, str] | None = None,
    demo: bool = False,
    insecure: bool = False,
    read_only: bool = False,
) -> Settings:
    """Resolve settings: explicit flags win over the environment, which wins over `.env`.

    `env_file` None means `./.env` if it exists; a named file that is missing is an error.
    """
    env = dict(os.environ if environ is None else environ)
    path: Path | None
    warnings: list[str] = []
    if env_file is not None:
        path = Path(env_file)
        if not path.is_file():
            raise SettingsError(f"--env-file {path}: no such file.")
    else:
        candidate = Path(".env")
        path = candidate if candidate.is_file() else None
    file_values: dict[str, str] = {}
    if path is not None:
        # python-dotenv is imported only when there is a file to read: start-up stays quick.
        from dotenv import dotenv_values

        try:
            parsed = dotenv_values(path)
        except (OSError, UnicodeDecodeError) as exc:
            raise SettingsError(f"{path}: cannot be read ({exc.__class__.__name__}).") from exc
        file_values = {k: v for k, v in parsed.items() if v is not None}
        warning = env_file_permission_warning(path)
        if warning:
            warnings.append(warning)

    def pick(flag: str | None, name: str) -> str | None:
        if flag:
            return flag
        return env.get(name) or file_values.get(name) or None

    key = pick(api_key, "OPENAI_API_KEY")
    url = (pick(base_url, "OPENAI_BASE_URL") or DEFAULT_BASE_URL).rstrip("/")
    _check_url(url)
    return Settings(
        api_key=SecretStr(key) if key else None,
        base_url=url,
        organization=pick(organization, "OPENAI_ORG_ID"),
        project=pick(project, "OPENAI_PROJECT_ID"),
        demo=demo,
        insecure=insecure,
        read_only=read_only,
        env_file=path,
        warnings=tuple(warnings),
    )


def env_file_permission_warning(path: Path) -> str | None:
    """A warning when the file holding the key can be read by other users."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return None
    if mode & (stat.S_IRGRP | stat.S_IROTH):
        return f"{path} is readable by other users; run: chmod 600 {path}"
    return None


def is_loopback_url(url: str) -> bool:
    """True only for `localhost` and loopback IP literals: a name such as `127.example.com`
    is resolved by DNS and can point anywhere, so it does not count."""
    import ipaddress  # only when a plain-http URL is checked

    host = (urlsplit(url).hostname or "").lower()
    if host == "localhost":
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped.is_loopback
    return address.is_loopback


def plain_http_refusal(settings: Settings) -> str | None:
    """Why the key must not be sent to this base URL, or None when it may."""
    if settings.demo:
        return None  # the demo's emulator runs in process: nothing crosses a network
    scheme = urlsplit(settings.base_url).scheme
    if scheme == "http" and not is_loopback_url(settings.base_url) and not settings.insecure:
        return (
            f"Refusing to send the API key over plain http:// to {settings.base_url}; "
            "use https://, a loopback address, or pass --insecure."
        )
    return None


def _check_url(url: str) -> None:
    try:
        parts = urlsplit(url)
        port_ok = parts.port is None or parts.port > 0
    except ValueError:
        raise SettingsError(f"Base URL {url!r} is not an http(s) URL (bad host or port).") from None
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise SettingsError(f"Base URL {url!r} is not an http(s) URL.")
    if not port_ok:
        raise SettingsError(f"Base URL {url!r} is not an http(s) URL (bad host or port).")
    if parts.query or parts.fragment:
        # Request paths are joined onto the base URL, which would silently drop these.
        raise SettingsError(f"Base URL {url!r} cannot have a query (?…) or fragment (#…).")
