"""Versioned configuration files (policies, condition catalogues, instruments) in TOML.

Each kind of file has a pydantic schema; this module reads the file, validates it and turns
every problem into a line that names the field, so a force can fix its own files.
"""

from __future__ import annotations

import hashlib
import tomllib
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from checkpoint.domain.errors import DomainError

Schema = TypeVar("Schema", bound=BaseModel)


class FileInvalid(DomainError):
    """A configuration file is broken; the message lists every problem."""

    kind = "configuration file"

    def __init__(self, source: str, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(
            f"{source} is not a valid {self.kind}:\n" + "\n".join(f"  {p}" for p in problems)
        )


def field_path(location: tuple[int | str, ...], data: object) -> str:
    """Name a field by its path, naming list items by their code where they have one."""
    parts: list[str] = []
    node = data
    for part in location:
        if isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
            code = node.get("code") if isinstance(node, dict) else None
            parts[-1] = f"{parts[-1]}[{code}]" if parts and code else f"{parts[-1]}.{part}"
            continue
        node = node.get(part) if isinstance(node, dict) else None
        parts.append(str(part))
    return ".".join(parts) or "(top level)"


def problems_in(error: ValidationError, data: Any, *, noun: str) -> list[str]:
    """Turn a validation error into one line per problem, each naming its field."""
    problems: list[str] = []
    for issue in error.errors():
        where = field_path(issue["loc"], data)
        if issue["type"] == "extra_forbidden":
            article = "an" if noun[:1] in "aeiou" else "a"
            problems.append(
                f"{where}: is not a setting {article} {noun} can have (check the spelling)"
            )
        elif issue["type"] == "missing":
            problems.append(f"{where}: is required")
        elif issue["type"] == "value_error":
            message = str(issue["msg"]).removeprefix("Value error, ")
            # Cross-field checks may report several problems at once, separated by "; ".
            problems += [f"{where}: {part}" for part in message.split("; ")]
        else:
            problems.append(f"{where}: {issue['msg']}")
    return problems


def parse_toml(
    text: str, schema: type[Schema], *, source: str, invalid: type[FileInvalid], noun: str
) -> Schema:
    """Validate TOML text against a schema, or raise `invalid` listing every problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise invalid(source, [f"not valid TOML: {error}"]) from None
    try:
        return schema.model_validate(data)
    except ValidationError as error:
        raise invalid(source, problems_in(error, data, noun=noun)) from None


def read_text(path: Path, *, invalid: type[FileInvalid], missing: str) -> tuple[str, str]:
    """Return a file's UTF-8 text and the SHA-256 of its bytes."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DomainError(f"There is no {missing} file {path}.") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise invalid(path.name, ["the file is not UTF-8 text"]) from None
    return text, hashlib.sha256(raw).hexdigest()
