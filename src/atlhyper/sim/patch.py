"""The three classic PATCH formats: JSON merge patch, JSON patch and strategic merge patch.

Strategic merge is what kubectl sends for `apply`, `cordon`, `rollout restart` and `edit`: lists
such as containers, env, ports, volumes, conditions and ownerReferences are merged element by
element on their merge key instead of being replaced, and directives (`$patch`, `$retainKeys`,
`$setElementOrder/…`, `$deleteFromPrimitiveList/…`) refine that. The merge keys are those of the
upstream Go types for the fields clients patch; every other list is replaced, as upstream does
for lists without a patch strategy (tolerations, taints, args, command).
"""

from __future__ import annotations

import copy
from typing import Any

from atlhyper.sim.errors import ApiError, bad_request

Obj = dict[str, Any]

MERGE_PATCH = "application/merge-patch+json"
JSON_PATCH = "application/json-patch+json"
STRATEGIC_PATCH = "application/strategic-merge-patch+json"
APPLY_PATCH = "application/apply-patch+yaml"
PATCH_TYPES = (MERGE_PATCH, JSON_PATCH, STRATEGIC_PATCH, APPLY_PATCH)

#: Field name -> merge key, for lists upstream marks `patchStrategy:"merge"`.
MERGE_KEYS = {
    "containers": "name",
    "initContainers": "name",
    "ephemeralContainers": "name",
    "volumes": "name",
    "env": "name",
    "volumeMounts": "mountPath",
    "volumeDevices": "devicePath",
    "imagePullSecrets": "name",
    "hostAliases": "ip",
    "conditions": "type",
    "ownerReferences": "uid",
    "topologySpreadConstraints": "topologyKey",
    "resourceClaims": "name",
    "addresses": "type",
}
#: Lists of scalars merged as sets.
MERGED_SCALAR_LISTS = frozenset({"finalizers"})


def patch_error(message: str) -> ApiError:
    return ApiError(422, "Invalid", message)


def merge_key(field: str, items: list[Any]) -> str | None:
    """The merge key of list `field`; `ports` depends on whose ports they are."""
    if field == "ports":
        sample = next((item for item in items if isinstance(item, dict)), {})
        return "containerPort" if "containerPort" in sample else "port"
    return MERGE_KEYS.get(field)


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7386: objects merge recursively, null deletes, anything else replaces."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


def strategic_merge(target: Any, patch: Any, field: str = "") -> Any:
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    if not isinstance(target, dict):
        target = {}
    directive = patch.get("$patch")
    if directive == "replace":
        return {k: copy.deepcopy(v) for k, v in patch.items() if k != "$patch"}
    if directive == "delete":
        return None
    if directive is not None and directive != "merge":
        raise bad_request(f"unknown patch type: {directive}")
    result = dict(target)
    orders: dict[str, list[Any]] = {}
    for key, value in patch.items():
        if key in ("$patch", "$retainKeys"):
            continue
        if key.startswith("$setElementOrder/"):
            if isinstance(value, list):
                orders[key.split("/", 1)[1]] = value
            continue
        if key.startswith("$deleteFromPrimitiveList/"):
            name = key.split("/", 1)[1]
            drop = value if isinstance(value, list) else []
            if isinstance(result.get(name), list):
                result[name] = [item for item in result[name] if item not in drop]
            continue
        if value is None:
            result.pop(key, None)
        elif isinstance(value, list):
            merged = _merge_list(key, result.get(key), value)
            if merged is None:
                result.pop(key, None)
            else:
                result[key] = merged
        elif isinstance(value, dict):
            merged_value = strategic_merge(result.get(key), value, key)
            if merged_value is None:
                result.pop(key, None)
            else:
                result[key] = merged_value
        else:
            result[key] = value
    for name, order in orders.items():
        if isinstance(result.get(name), list):
            result[name] = _ordered(name, result[name], order)
    retain = patch.get("$retainKeys")
    if isinstance(retain, list):
        result = {k: v for k, v in result.items() if k in retain}
    return result


def _merge_list(field: str, current: Any, patch: list[Any]) -> list[Any] | None:
    current_list = current if isinstance(current, list) else []
    if any(isinstance(item, dict) and item.get("$patch") == "replace" for item in patch):
        return [
            copy.deepcopy(item)
            for item in patch
            if not (isinstance(item, dict) and item.get("$patch") == "replace")
        ]
    if field in MERGED_SCALAR_LISTS:
        merged = list(current_list)
        merged.extend(item for item in patch if item not in merged)
        return merged
    key = merge_key(field, [*patch, *current_list])
    if key is None or not all(isinstance(item, dict) for item in patch):
        return copy.deepcopy(patch)
    result = [copy.deepcopy(item) for item in current_list]
    for item in patch:
        if key not in item:
            raise bad_request(f"map: {item} does not contain declared merge key: {key}")
        index = next(
            (
                i
                for i, have in enumerate(result)
                if isinstance(have, dict) and have.get(key) == item[key]
            ),
            None,
        )
        if item.get("$patch") == "delete":
            if index is not None:
                del result[index]
            continue
        if index is None:
            result.append(strategic_merge({}, item, field))
        else:
            result[index] = strategic_merge(result[index], item, field)
    return result


def _ordered(field: str, items: list[Any], order: list[Any]) -> list[Any]:
    key = merge_key(field, items)
    if key is None:
        wanted = [item for item in order if item in items]
        return wanted + [item for item in items if item not in wanted]
    rank = {entry.get(key): i for i, entry in enumerate(order) if isinstance(entry, dict)}
    return sorted(
        items,
        key=lambda item: rank.get(item.get(key) if isinstance(item, dict) else None, len(rank)),
    )


def json_patch(target: Obj, operations: Any) -> Obj:
    """RFC 6902 over a copy of `target`; a failing operation is a 422 as upstream reports it."""
    if not isinstance(operations, list):
        raise bad_request("json: cannot unmarshal object into Go value of type jsonpatch.Patch")
    doc: Any = copy.deepcopy(target)
    for operation in operations:
        if not isinstance(operation, dict) or "op" not in operation:
            raise bad_request("the JSON patch operation is not an object with an op")
        op = operation["op"]
        path = _pointer(operation.get("path"))
        if op == "add":
            doc = _add(doc, path, copy.deepcopy(operation.get("value")))
        elif op == "remove":
            _remove(doc, path)
        elif op == "replace":
            _get(doc, path)
            if not path:
                doc = copy.deepcopy(operation.get("value"))
            else:
                _remove(doc, path)
                doc = _add(doc, path, copy.deepcopy(operation.get("value")))
        elif op in ("move", "copy"):
            source = _pointer(operation.get("from"))
            value = copy.deepcopy(_get(doc, source))
            if op == "move":
                _remove(doc, source)
            doc = _add(doc, path, value)
        elif op == "test":
            if _get(doc, path) != operation.get("value"):
                raise patch_error(f"testing value {operation.get('path')} failed: test failed")
        else:
            raise bad_request(f"Unexpected kind: {op}")
    if not isinstance(doc, dict):
        raise patch_error("the patched document is not an object")
    return doc


def _pointer(text: object) -> list[str]:
    if not isinstance(text, str) or (text and not text.startswith("/")):
        raise bad_request(f"JSON pointer must be empty or start with a '/': {text!r}")
    if not text:
        return []
    return [part.replace("~1", "/").replace("~0", "~") for part in text[1:].split("/")]


def _parent(doc: Any, path: list[str]) -> Any:
    node = doc
    for part in path[:-1]:
        node = _child(node, part, path)
    return node


def _child(node: Any, part: str, path: list[str]) -> Any:
    if isinstance(node, dict):
        if part not in node:
            raise patch_error(f"doc is missing path: /{'/'.join(path)}: missing value")
        return node[part]
    if isinstance(node, list):
        index = _index(part, len(node) - 1, path)
        return node[index]
    raise patch_error(f"doc is missing path: /{'/'.join(path)}: missing value")


def _index(part: str, last: int, path: list[str]) -> int:
    if not part.isdigit() or int(part) > last:
        raise patch_error(f"doc is missing path: /{'/'.join(path)}: missing value")
    return int(part)


def _get(doc: Any, path: list[str]) -> Any:
    node = doc
    for part in path:
        node = _child(node, part, path)
    return node


def _add(doc: Any, path: list[str], value: Any) -> Any:
    if not path:
        return value
    parent = _parent(doc, path)
    last = path[-1]
    if isinstance(parent, dict):
        parent[last] = value
    elif isinstance(parent, list):
        index = len(parent) if last == "-" else _index(last, len(parent), path)
        parent.insert(index, value)
    else:
        raise patch_error(f"doc is missing path: /{'/'.join(path)}: missing value")
    return doc


def _remove(doc: Any, path: list[str]) -> None:
    if not path:
        raise patch_error("cannot remove the whole document")
    parent = _parent(doc, path)
    last = path[-1]
    if isinstance(parent, dict) and last in parent:
        del parent[last]
    elif isinstance(parent, list):
        del parent[_index(last, len(parent) - 1, path)]
    else:
        raise patch_error(f"doc is missing path: /{'/'.join(path)}: missing value")


def apply_patch(current: Obj, patch: Any, patch_type: str) -> Obj:
    """`current` patched with one of the three classic formats (apply has its own module)."""
    if patch_type == JSON_PATCH:
        return json_patch(current, patch)
    if not isinstance(patch, dict):
        raise bad_request("the patch must be a JSON object")
    merged = (
        merge_patch(current, patch)
        if patch_type == MERGE_PATCH
        else strategic_merge(current, patch)
    )
    if not isinstance(merged, dict):
        raise patch_error("the patched document is not an object")
    return merged
