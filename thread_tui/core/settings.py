"""Connection settings, resolved as flags > environment > `.env` file.

The API key is held as a `SecretStr`: its repr and str are masked, and the only way to
read it is `.get_secret_value()`, which only the HTTP client calls.
"""

from __future__ import annotations

import math
import os
import re
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

from thread_tui.core.inert import inert, visible
from thread_tui.core.secret import SecretStr

DEFAULT_BASE_URL = "https://api.openai.com/v1"
ENV_NAMES = (
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
    "OPENAI_ORG_ID",
    "OPENAI_PROJECT_ID",
    "AZURE_OPENAI_ENDPOINT",
    "AZURE_OPENAI_API_KEY",
    "OPENAI_API_VERSION",
)
# The official AzureOpenAI client puts every call under `{endpoint}/openai`.
AZURE_PATH = "/openai"
# What an api-version looks like (`2024-05-01-preview`, `preview`): a typo such as a space or
# a `&` is refused here rather than answered by the server's bare "Resource not found".
# (A pattern, compiled and cached by `re` when an api-version is given: Azure only.)
_API_VERSION = r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}"
# The longest --timeout: past an hour a silent server would hold a command for good, and
# "a request ends within timeout x (retries + 1)" would promise nothing.
MAX_TIMEOUT = 3600.0
# The proxy schemes httpx can use (socks5 only with the socksio package installed).
_PROXY_SCHEMES = ("http", "https", "socks5", "socks5h")


# The largest answer read; a bigger one is refused (an endless body would fill the memory).
DEFAULT_MAX_RESPONSE_BYTES = 4 * 1024 * 1024
API_KEY_FLAG_WARNING = (
    "--api-key shows in `ps` and in the shell's history; set OPENAI_API_KEY (Azure: "
    "AZURE_OPENAI_API_KEY) in the environment or in a .env file instead"
)


class SettingsError(ValueError):
    """A setting that cannot be used; the message says which and why."""


@dataclass(frozen=True)
class Settings:
    """Where and how to connect, resolved once; `with_overrides` gives a changed copy."""

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
    # Azure OpenAI: set together; then base_url is `{azure_endpoint}/openai`, the key goes in
    # an `api-key` header and every call carries `?api-version=`.
    azure_endpoint: str | None = None
    api_version: str | None = None
    max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES

    def __post_init__(self) -> None:
        # Every path that sets a timeout (flags, tests, the web mode's children) meets the
        # bound the --timeout flag states.
        check_timeout(self.total_timeout)
        check_timeout(self.connect_timeout)

    @property
    def deadline(self) -> float:
        """Seconds one request may take in all, every try and every wait between tries:
        `total_timeout` for each try the retries allow. A wait that would pass it is not made."""
        return self.total_timeout * (max(self.max_retries, 0) + 1)

    @property
    def azure(self) -> bool:
        return self.azure_endpoint is not None

    @property
    def key_env_name(self) -> str:
        """The variable the key is read from, as snippets and messages name it."""
        return "AZURE_OPENAI_API_KEY" if self.azure else "OPENAI_API_KEY"

    def masked_key(self) -> str:
        """`sk-…last4` at most; never the key."""
        return mask_key(self.api_key)

    def with_overrides(self, **changes: object) -> Settings:
        return replace(self, **changes)  # type: ignore[arg-type]


def check_timeout(seconds: float) -> float:
    """`seconds` when it is a usable timeout (more than 0, at most MAX_TIMEOUT), else
    SettingsError."""
    if not (math.isfinite(seconds) and 0 < seconds <= MAX_TIMEOUT):
        raise SettingsError(
            f"A timeout of {seconds:g} s cannot be used: give more than 0 and at most "
            f"{MAX_TIMEOUT:g} seconds."
        )
    return seconds


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
    azure_endpoint: str | None = None,
    api_version: str | None = None,
) -> Settings:
    """Resolve settings: explicit flags win over the environment, which wins over `.env`.

    `env_file` None means `./.env` if it exists; a named file that is missing is an error.
    An Azure endpoint (`--azure-endpoint` / AZURE_OPENAI_ENDPOINT) switches to Azure OpenAI:
    the key then comes from AZURE_OPENAI_API_KEY (as the official AzureOpenAI client reads it,
    without falling back to OPENAI_API_KEY) and an api-version is required.
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
    if api_key:
        warnings.append(API_KEY_FLAG_WARNING)
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

    def source(flag: str | None, name: str) -> int | None:
        """Where a setting comes from: 0 a flag, 1 the environment, 2 the file; None unset."""
        for level, value in enumerate((flag, env.get(name), file_values.get(name))):
            if value:
                return level
        return None

    endpoint_source = source(azure_endpoint, "AZURE_OPENAI_ENDPOINT")
    if endpoint_source and (
        demo or not (pick(None, "AZURE_OPENAI_API_KEY") or pick(api_version, "OPENAI_API_VERSION"))
    ):
        # AZURE_OPENAI_ENDPOINT alone (left in the environment for other tools) does not
        # switch to Azure: the plain OpenAI client ignores it too. It needs its key or an
        # api-version beside it, and never applies to --demo (only the flag does).
        endpoint_source = None
    endpoint = _azure_endpoint(
        pick(azure_endpoint, "AZURE_OPENAI_ENDPOINT"),
        endpoint_source,
        source(base_url, "OPENAI_BASE_URL"),
    )
    version: str | None = None
    if endpoint is not None:
        key = pick(api_key, "AZURE_OPENAI_API_KEY")
        url = endpoint + AZURE_PATH
        version = _check_api_version(pick(api_version, "OPENAI_API_VERSION"))
    else:
        if api_version:
            raise SettingsError(
                "--api-version is used only with Azure OpenAI: give --azure-endpoint URL "
                "(or AZURE_OPENAI_ENDPOINT) too."
            )
        key = pick(api_key, "OPENAI_API_KEY")
        url = (pick(base_url, "OPENAI_BASE_URL") or DEFAULT_BASE_URL).rstrip("/")
        _check_url(url)

    def where(flag: str | None, flag_name: str, name: str) -> str:
        """Where a value came from, as a message names it."""
        level = source(flag, name)
        if level == 0:
            return flag_name
        return name if level == 1 else f"{name} in {path}"

    key_name = "AZURE_OPENAI_API_KEY" if endpoint is not None else "OPENAI_API_KEY"
    if key and not demo:  # the demo sends its own key, never this one
        _check_header_value(key, f"The API key ({where(api_key, '--api-key', key_name)})", True)
    org = pick(organization, "OPENAI_ORG_ID")
    if org:
        _check_header_value(
            org, f"The organization ({where(organization, '--org', 'OPENAI_ORG_ID')})"
        )
    proj = pick(project, "OPENAI_PROJECT_ID")
    if proj:
        _check_header_value(
            proj, f"The project ({where(project, '--project', 'OPENAI_PROJECT_ID')})"
        )
    if not demo:  # the demo's emulator is in process: no proxy is ever used
        check_proxy_variables(env)
    return Settings(
        api_key=SecretStr(key) if key else None,
        base_url=url,
        azure_endpoint=endpoint,
        api_version=version,
        organization=org,
        project=proj,
        demo=demo,
        insecure=insecure,
        read_only=read_only,
        env_file=path,
        warnings=tuple(warnings),
    )


def _azure_endpoint(
    endpoint: str | None, endpoint_source: int | None, base_url_source: int | None
) -> str | None:
    """The Azure endpoint to use (no trailing slash), or None when Azure is off.

    The two ways to name a server are exclusive: the one from the stronger source wins
    (a flag over the environment over the file), and two from the same source are an error
    rather than a guess.
    """
    if endpoint is None or endpoint_source is None:
        return None
    if base_url_source is not None:
        if base_url_source == endpoint_source:
            where = ("", " in the environment", " in the .env file")[endpoint_source]
            names = (
                "--base-url and --azure-endpoint"
                if endpoint_source == 0
                else "OPENAI_BASE_URL and AZURE_OPENAI_ENDPOINT"
            )
            raise SettingsError(
                f"{names} are both set{where}: give one (a base URL for OpenAI or a compatible "
                "server, or an Azure OpenAI endpoint)."
            )
        if base_url_source < endpoint_source:
            return None
    url = endpoint.rstrip("/")
    _check_url(url, what="Azure endpoint")
    return url


def _check_api_version(version: str | None) -> str:
    if not version:
        raise SettingsError(
            "Azure OpenAI needs an api-version: pass --api-version VERSION or set "
            "OPENAI_API_VERSION (e.g. 2024-05-01-preview)."
        )
    version = version.strip()
    if not re.fullmatch(_API_VERSION, version):
        raise SettingsError(
            f"api-version {version!r} is not a version (letters, digits, '.', '_' and '-', "
            "e.g. 2024-05-01-preview)."
        )
    return version


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


def env_proxy(url: str, environ: Mapping[str, str] | None = None) -> str | None:
    """The proxy httpx would send a request for `url` through, from the environment
    (HTTP_PROXY / HTTPS_PROXY / ALL_PROXY, lower case too, minus NO_PROXY), or None.

    The client never uses one for a loopback URL (see ApiClient), so None for those.
    """
    if is_loopback_url(url):
        return None
    env = os.environ if environ is None else environ

    def variable(name: str) -> str | None:
        return env.get(name.lower()) or env.get(name.upper()) or None

    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    for entry in (variable("no_proxy") or "").split(","):
        entry = entry.strip().lower().lstrip(".")
        if entry == "*" or (entry and (host == entry or host.endswith("." + entry))):
            return None
    return variable(f"{parts.scheme}_proxy") or variable("all_proxy")


def plain_http_refusal(settings: Settings, environ: Mapping[str, str] | None = None) -> str | None:
    """Why the key must not be sent to this base URL, or None when it may.

    Over plain http:// the key is readable by every hop: only a loopback host (which never
    goes through a proxy) is safe. Through a proxy, the proxy reads it too, so say so.
    """
    if settings.demo:
        return None  # the demo's emulator runs in process: nothing crosses a network
    url = settings.base_url
    if urlsplit(url).scheme != "http" or is_loopback_url(url) or settings.insecure:
        return None
    proxy = env_proxy(url, environ)
    via = f" through the proxy {_without_password(proxy)}" if proxy else ""
    return (
        f"Refusing to send the API key over plain http:// to {url}{via}; "
        "use https://, a loopback address, or pass --insecure."
    )


def _without_password(url: str) -> str:
    """A proxy URL as it may be shown: `user:password@` left out."""
    try:
        parts = urlsplit(url)
        netloc = parts.hostname or ""
        if parts.port:
            netloc = f"{netloc}:{parts.port}"
    except ValueError:
        return "(set in the environment)"
    return f"{parts.scheme}://{netloc}" if parts.scheme else netloc


def header_problem(value: str) -> str | None:
    """Where and what the first character is that cannot go in an HTTP header value here
    (anything but printable ASCII without spaces), as `position 12: a non-breaking space`;
    None when there is none. Says the kind of character, never the value."""
    for index, char in enumerate(value, 1):
        if "!" <= char <= "~":
            continue
        return f"position {index}: {character_kind(char)}"
    return None


_CURLY_QUOTES = frozenset(
    "\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u2032\u2033\u00ab\u00bb"
)
_NO_BREAK_SPACES = frozenset("\u00a0\u2007\u202f")


def character_kind(char: str) -> str:
    """What a character is, in a few words (`a tab`, `a curly quote`), for a message that
    must not show the text it is in."""
    import unicodedata  # only when a message is written

    code = ord(char)
    if char == " ":
        return "a space"
    if char == "\t":
        return "a control character (a tab)"
    if char in "\r\n":
        return "a control character (a line break)"
    if code < 0x20 or 0x7F <= code < 0xA0:
        return "a control character"
    if char in _NO_BREAK_SPACES:
        return "a non-breaking space"
    if char in _CURLY_QUOTES:
        return "a curly quote"
    category = unicodedata.category(char)
    if category.startswith("Z") or char.isspace():
        return "a Unicode space"
    if category in {"Cf", "Cs", "Co", "Cn"}:
        return "an invisible or unassigned character"
    return "a non-ASCII character"


def _check_header_value(value: str, what: str, secret: bool = False) -> None:
    problem = header_problem(value)
    if problem is None:
        return
    advice = "; check for a copy-paste error" if secret else ""
    raise SettingsError(
        f"{what} contains a character that cannot be sent in a header ({problem}){advice}."
    )


def _proxy_variables(env: Mapping[str, str]) -> dict[str, tuple[str, str]]:
    """The proxy variables httpx would use, as `scheme -> (variable name, value)`: read as
    urllib.request.getproxies_environment() reads them (which httpx calls), lower case winning."""
    found: dict[str, tuple[str, str]] = {}
    for name, value in env.items():
        if value and name.lower().endswith("_proxy"):
            found[name.lower()[:-6]] = (name, value)
    if "REQUEST_METHOD" in env:  # CGI: HTTP_PROXY may come from a request's header
        found.pop("http", None)
    for name, value in env.items():
        if name.endswith("_proxy"):
            if value:
                found[name.lower()[:-6]] = (name, value)
            else:
                found.pop(name.lower()[:-6], None)
    return {scheme: found[scheme] for scheme in ("http", "https", "all") if scheme in found}


def check_proxy_variables(environ: Mapping[str, str] | None = None) -> None:
    """SettingsError naming the variable when a proxy httpx would read (HTTP_PROXY,
    HTTPS_PROXY, ALL_PROXY) cannot be used: httpx builds every one up front, so one that is
    malformed would fail every request, even to a loopback host. The message never shows a
    password the proxy URL holds."""
    env = os.environ if environ is None else environ
    for name, value in _proxy_variables(env).values():
        _check_proxy(name, value)


def _check_proxy(name: str, value: str) -> None:
    url = value if "://" in value else f"http://{value}"  # as httpx reads a bare host:port
    shown = f"'{_proxy_shown(value)}'"
    if bad := _unusable_char(url):
        index, char = bad
        raise SettingsError(
            f"The proxy in {name} ({shown}) is not a valid URL: it contains "
            f"{character_kind(char)} at position {index}; fix or unset {name}."
        )
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        what = "a port from 1 to 65535" if "port" in str(exc).lower() else "a host"
        raise SettingsError(
            f"The proxy in {name} ({shown}) is not a valid URL (it needs {what}); fix or "
            f"unset {name}."
        ) from None
    scheme = parts.scheme.lower()
    if scheme not in _PROXY_SCHEMES:
        raise SettingsError(
            f"The proxy in {name} ({shown}) uses the scheme {inert(scheme)}://, which cannot be "
            f"used: give an http://, https:// or socks5:// proxy, or unset {name}."
        )
    if not parts.hostname:
        raise SettingsError(f"The proxy in {name} ({shown}) has no host; fix or unset {name}.")
    if port == 0:
        raise SettingsError(
            f"The proxy in {name} ({shown}) is not a valid URL (it needs a port from 1 to "
            f"65535); fix or unset {name}."
        )
    if scheme.startswith("socks"):
        import importlib.util  # only for a SOCKS proxy

        if importlib.util.find_spec("socksio") is None:
            raise SettingsError(
                f"The proxy in {name} is a SOCKS proxy, which needs the socksio package "
                f"(pip install 'httpx[socks]'); install it or unset {name}."
            )


def _proxy_shown(url: str) -> str:
    """A proxy URL as a message may show it: inert, shortened, and without `user:password@`
    (cut by hand: the URL may be too broken for urlsplit)."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        scheme, rest = "", url
    if "@" in rest:
        rest = rest.rpartition("@")[2]
    text = inert(f"{scheme}{sep}{rest}")
    return text if len(text) <= 80 else text[:79] + "…"


def _unusable_char(url: str) -> tuple[int, str] | None:
    """The first character (1-based position, character) httpx would refuse in a URL: a CR
    from a file with Windows line endings, an escape sequence, a space."""
    for index, char in enumerate(url, 1):
        if char.isspace() or visible(char) != char:
            return index, char
    return None


def _check_url(url: str, what: str = "Base URL") -> None:
    if bad := _unusable_char(url):
        index, char = bad
        raise SettingsError(
            f"{what} '{inert(url)}' is not a usable URL: it contains {character_kind(char)} "
            f"at position {index}."
        )
    try:
        parts = urlsplit(url)
        port_ok = parts.port is None or parts.port > 0
    except ValueError:
        raise SettingsError(f"{what} {url!r} is not an http(s) URL (bad host or port).") from None
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise SettingsError(f"{what} {url!r} is not an http(s) URL.")
    if not port_ok:
        raise SettingsError(f"{what} {url!r} is not an http(s) URL (bad host or port).")
    if parts.query or parts.fragment:
        # Request paths are joined onto the base URL, which would silently drop these.
        raise SettingsError(f"{what} {url!r} cannot have a query (?…) or fragment (#…).")
