"""Validate fake MAX traffic against the published OpenAPI schema (MAX Bot API 0.0.32).

The schema is OpenAPI 3.0, so it is adapted before jsonschema can use it:

* ``nullable: true`` becomes "or null";
* ``discriminator`` mappings dispatch on the discriminator property (unknown values are reported);
* a few known mistakes of the schema snapshot are corrected (see ``_apply_errata``).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SCHEMA_PATH = (
    Path(__file__).resolve().parents[2].parent / "shared" / "reference" / "max-bot-api-openapi.json"
)

_BASE_URI = "urn:max-bot-api"
_REF_PREFIX = "#/components/schemas/"

Json = dict[str, Any]


class Contract:
    """Request-body and update validators built from the MAX Bot API OpenAPI schema."""

    def __init__(self, spec: Json) -> None:
        spec = copy.deepcopy(spec)
        schemas: Json = spec["components"]["schemas"]
        _apply_errata(schemas)
        for name in list(schemas):
            schemas[name] = _nullable_to_jsonschema(schemas[name])
        _expand_discriminators(schemas)
        self._spec = spec
        resource = Resource.from_contents(spec, default_specification=DRAFT202012)
        self._registry: Registry = Registry().with_resource(_BASE_URI, resource)
        self._validators: dict[str, Draft202012Validator] = {}

    @classmethod
    def load(cls, path: Path | None = None) -> Contract | None:
        """The contract from ``path`` (default ``SCHEMA_PATH``), or None if there is no file."""
        path = path or SCHEMA_PATH
        if not path.is_file():
            return None
        return cls(json.loads(path.read_text(encoding="utf-8")))

    def validate_request(
        self, method: str, path: str, query: dict[str, str], body: Any
    ) -> list[str]:
        """Problems with the JSON body of a request; [] for routes without a JSON body."""
        del query  # only bodies are checked; the signature leaves room for query checks
        operation = self._spec["paths"].get(path, {}).get(method.lower())
        if not isinstance(operation, dict) or "requestBody" not in operation:
            return []
        request_body = operation["requestBody"]
        where = f"{method.upper()} {path}"
        if body is None:
            return [f"{where}: missing JSON body"] if request_body.get("required") else []
        ref = request_body["content"]["application/json"]["schema"]["$ref"]
        return self._check(ref.removeprefix(_REF_PREFIX), body, where)

    def validate_update(self, update: Json) -> list[str]:
        """Problems with one update as it would appear in ``GET /updates``."""
        return self._check("Update", update, f"update {update.get('update_type')!r}")

    def validate_object(self, schema_name: str, instance: Any) -> list[str]:
        """Problems with an answer of the API, against one schema (e.g. "ChatMembersList")."""
        return self._check(schema_name, instance, schema_name)

    def _check(self, schema_name: str, instance: Any, where: str) -> list[str]:
        validator = self._validators.get(schema_name)
        if validator is None:
            validator = Draft202012Validator(
                {"$ref": f"{_BASE_URI}{_REF_PREFIX}{schema_name}"}, registry=self._registry
            )
            self._validators[schema_name] = validator
        errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
        # A subtype re-checks its base, so the same problem can be reported twice.
        return list(dict.fromkeys(f"{where}: {_describe(error)}" for error in errors))


def _describe(error: ValidationError) -> str:
    """The most specific message of a (possibly nested) validation error."""
    best = best_match([error])
    return f"{best.json_path}: {best.message}"


def _apply_errata(schemas: Json) -> None:
    """Fix mistakes of the 0.0.32 snapshot that the live API and maxapi contradict, and
    follow the platform's changes since it."""
    # Chat.type's own description lists dialog/chat/channel; the enum only has "chat".
    schemas["ChatType"]["enum"] = ["dialog", "chat", "channel"]
    # "link" is a property of Message, not of MessageBody.
    schemas["MessageBody"]["required"].remove("link")
    # All three are nullable; maxapi omits absent ones (link always) and the API accepts that.
    schemas["NewMessageBody"].pop("required")
    # Changes since the snapshot (max-platform-facts.md): since November 2026 `bot_added`
    # carries no `user` (an update of the old shape, with it, still validates).
    added = schemas["BotAddedToChatUpdate"]["allOf"][1]
    added["required"] = [r for r in added["required"] if r != "user"]
    # October 2026: `bot_admin_permissions_changed`. The changelog names the update but shows
    # no schema; the emulator sends the common fields and `is_admin` (the bot reads only
    # `chat_id` and asks `GET /chats/{id}/members/me` for the rights themselves).
    schemas["BotAdminPermissionsChangedUpdate"] = {
        "allOf": [
            {"$ref": f"{_REF_PREFIX}Update"},
            {
                "type": "object",
                "properties": {
                    "chat_id": {"type": "integer", "format": "int64"},
                    "is_channel": {"type": "boolean"},
                    "is_admin": {"type": "boolean"},
                },
                "required": ["chat_id", "is_channel"],
            },
        ]
    }
    mapping = schemas["Update"]["discriminator"]["mapping"]
    mapping["bot_admin_permissions_changed"] = {
        "$ref": f"{_REF_PREFIX}BotAdminPermissionsChangedUpdate"
    }


def _nullable_to_jsonschema(node: Any) -> Any:
    """Rewrite OpenAPI 3.0 ``nullable: true`` (recursively) into JSON Schema."""
    if isinstance(node, list):
        return [_nullable_to_jsonschema(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _nullable_to_jsonschema(value) for key, value in node.items()}
    if not node.pop("nullable", False):
        return node
    if isinstance(node.get("type"), str) and "allOf" not in node:
        node["type"] = [node["type"], "null"]
        if "enum" in node:
            node["enum"] = [*node["enum"], None]
        return node
    return {"anyOf": [{"type": "null"}, node]}


def _expand_discriminators(schemas: Json) -> None:
    """Make a base schema with a discriminator validate as the mapped subtype.

    Subtypes extend the base with ``allOf: [{$ref: Base}, ...]``, so the discriminator-free
    base is kept as ``Base__base`` and subtypes are pointed at it to avoid a reference loop.
    """
    for name in [n for n, s in schemas.items() if "discriminator" in s]:
        base = dict(schemas[name])
        discriminator = base.pop("discriminator")
        prop: str = discriminator["propertyName"]
        mapping: dict[str, str] = {
            value: target["$ref"] if isinstance(target, dict) else target
            for value, target in discriminator["mapping"].items()
        }
        base_ref = f"{_REF_PREFIX}{name}__base"
        schemas[f"{name}__base"] = base
        branches: list[Json] = [
            {"$ref": base_ref},
            {"properties": {prop: {"enum": list(mapping)}}},
        ]
        for value, target_ref in mapping.items():
            target = schemas[target_ref.removeprefix(_REF_PREFIX)]
            for part in target.get("allOf", []):
                if part.get("$ref") == f"{_REF_PREFIX}{name}":
                    part["$ref"] = base_ref
            branches.append(
                {
                    "if": {"properties": {prop: {"const": value}}, "required": [prop]},
                    "then": {"$ref": target_ref},
                }
            )
        schemas[name] = {"allOf": branches}
