"""Server-side apply: create-or-merge, field ownership in `managedFields`, conflicts and `force`.

Kept simple but real: each Apply manager's field set is recorded as FieldsV1 in
`metadata.managedFields`; applying merges the applied configuration into the live object (lists
with merge keys element by element), removes fields the same manager applied before and no longer
does (when nobody else owns them), and refuses with 409 Conflict when another Apply manager owns a
field whose value would change, unless `force=true` moves the ownership. Updates made with other
verbs are not tracked as owners.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from atlhyper.sim.errors import ApiError
from atlhyper.sim.patch import merge_key, strategic_merge

Obj = dict[str, Any]
Path = tuple[str, ...]

_SERVER_SET = ("resourceVersion", "managedFields", "uid", "creationTimestamp", "generation")


def fields_v1(obj: Obj) -> Obj:
    """The FieldsV1 set of an applied configuration (what the manager claims to own)."""
    trimmed = {k: v for k, v in obj.items() if k not in ("apiVersion", "kind", "status")}
    metadata = {
        k: v
        for k, v in (trimmed.get("metadata") or {}).items()
        if k not in ("name", "namespace", *_SERVER_SET)
    }
    if metadata:
        trimmed["metadata"] = metadata
    else:
        trimmed.pop("metadata", None)
    return _fields(trimmed)


def _fields(value: Obj) -> Obj:
    out: Obj = {}
    for key, item in value.items():
        token = f"f:{key}"
        if isinstance(item, dict) and item:
            out[token] = _fields(item)
        elif isinstance(item, list) and item and all(isinstance(e, dict) for e in item):
            mkey = merge_key(key, item)
            if mkey is None:
                out[token] = {}
                continue
            out[token] = {
                _item_token(mkey, element.get(mkey)): {".": {}, **_fields(element)}
                for element in item
            }
        else:
            out[token] = {}
    return out


def _item_token(key: str, value: object) -> str:
    return "k:" + json.dumps({key: value}, separators=(",", ":"))


def leaves(fields: Obj, prefix: Path = ()) -> set[Path]:
    found: set[Path] = set()
    for token, sub in fields.items():
        path = (*prefix, token)
        if sub:
            found |= leaves(sub, path)
        else:
            found.add(path)
    return found


def _lookup(obj: Any, path: Path) -> tuple[bool, Any]:
    node = obj
    for token in path:
        if token == ".":
            return True, node
        if token.startswith("f:") and isinstance(node, dict) and token[2:] in node:
            node = node[token[2:]]
        elif token.startswith("k:") and isinstance(node, list):
            (key, value), *_ = json.loads(token[2:]).items()
            match = [e for e in node if isinstance(e, dict) and e.get(key) == value]
            if not match:
                return False, None
            node = match[0]
        else:
            return False, None
    return True, node


def _delete(obj: Any, path: Path) -> None:
    if path and path[-1] == ".":
        path = path[:-1]
    if not path:
        return
    found, parent = _lookup(obj, path[:-1])
    if not found:
        return
    token = path[-1]
    if token.startswith("f:") and isinstance(parent, dict):
        parent.pop(token[2:], None)
    elif token.startswith("k:") and isinstance(parent, list):
        (key, value), *_ = json.loads(token[2:]).items()
        parent[:] = [e for e in parent if not (isinstance(e, dict) and e.get(key) == value)]


def _dotted(path: Path) -> str:
    parts = []
    for token in path:
        if token.startswith("f:"):
            parts.append("." + token[2:])
        elif token.startswith("k:"):
            parts.append(
                "["
                + ",".join(f"{k}={json.dumps(v)}" for k, v in json.loads(token[2:]).items())
                + "]"
            )
    return "".join(parts)


def server_side_apply(
    current: Obj | None,
    applied: Obj,
    manager: str,
    force: bool,
    api_version: str,
    now: str,
) -> Obj:
    """The object after `manager` applies `applied` to `current` (None: it does not exist)."""
    new_fields = fields_v1(applied)
    new_leaves = leaves(new_fields)
    base = copy.deepcopy(current) if current is not None else {}
    managed = [
        entry
        for entry in (base.get("metadata") or {}).get("managedFields") or []
        if isinstance(entry, dict)
    ]
    mine = next(
        (e for e in managed if e.get("manager") == manager and e.get("operation") == "Apply"),
        None,
    )
    others = [e for e in managed if e is not mine and e.get("operation") == "Apply"]
    conflicts = []
    for entry in others:
        owned = leaves(entry.get("fieldsV1") or {}) & new_leaves
        for path in sorted(owned):
            have = _lookup(base, path)
            want = _lookup(applied, path)
            if have != want:
                conflicts.append((entry, path))
    if conflicts and not force:
        raise _conflict(conflicts, api_version)
    if conflicts:
        taken = {path for _, path in conflicts}
        for entry in others:
            remaining = leaves(entry.get("fieldsV1") or {}) - taken
            entry["fieldsV1"] = _rebuild(remaining)
    if mine is not None:
        owned_by_others = set().union(*(leaves(e.get("fieldsV1") or {}) for e in others))
        for path in sorted(leaves(mine.get("fieldsV1") or {}) - new_leaves - owned_by_others):
            _delete(base, path)
    merged = strategic_merge(base, {k: v for k, v in applied.items() if k != "status"})
    metadata = merged.setdefault("metadata", {})
    entries = [
        e for e in managed if e is not mine and (e.get("fieldsV1") or e.get("operation") != "Apply")
    ]
    entries.append(
        {
            "manager": manager,
            "operation": "Apply",
            "apiVersion": api_version,
            "time": now,
            "fieldsType": "FieldsV1",
            "fieldsV1": new_fields,
        }
    )
    metadata["managedFields"] = entries
    return dict(merged)


def _rebuild(paths: set[Path]) -> Obj:
    root: Obj = {}
    for path in paths:
        node = root
        for token in path:
            node = node.setdefault(token, {})
    return root


def _conflict(conflicts: list[tuple[Obj, Path]], api_version: str) -> ApiError:
    causes = [
        {
            "reason": "FieldManagerConflict",
            "message": f'conflict with "{entry.get("manager")}" using {api_version}',
            "field": _dotted(path),
        }
        for entry, path in conflicts
    ]
    plural = "conflict" if len(causes) == 1 else "conflicts"
    if len(causes) == 1:
        summary = f"{causes[0]['message']}: {causes[0]['field']}"
    else:
        summary = "\n" + "\n".join(f"- {c['message']}: {c['field']}" for c in causes)
    return ApiError(
        409,
        "Conflict",
        f"Apply failed with {len(causes)} {plural}: {summary}",
        {"causes": causes},
    )
