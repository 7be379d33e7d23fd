"""Objects kept as their encoded JSON, with a global resourceVersion and a watch history per kind.

Holding 150,000 pods as Python dicts would cost several GiB; as encoded bytes plus the few index
fields LIST and WATCH filter on, they cost about what their JSON does. An object is decoded only
when something modifies it, and a LIST response is the stored bytes joined together.

Everything runs on one event loop, so a write, its history entry and its fan-out to watchers happen
without interleaving: a watcher registered between two writes sees exactly the later one.
"""

from __future__ import annotations

import asyncio
import bisect
import contextlib
from collections import deque
from collections.abc import Callable, Iterator
from typing import Any

import msgspec

from atlhyper.sim.errors import expired
from atlhyper.sim.kinds import Kind, Registry
from atlhyper.sim.selectors import FieldSelector, LabelSelector

Obj = dict[str, Any]
Key = tuple[str, str]

_encoder = msgspec.json.Encoder()
_decoder = msgspec.json.Decoder(dict[str, Any])


class Entry:
    """One stored version of an object: its bytes plus what selectors and indexes read."""

    __slots__ = ("fields", "labels", "name", "namespace", "owners", "raw", "rv", "uid")

    def __init__(self, kind: Kind, obj: Obj, rv: int) -> None:
        metadata = obj["metadata"]
        metadata["resourceVersion"] = str(rv)
        self.namespace: str = metadata.get("namespace", "")
        self.name: str = metadata["name"]
        self.uid: str = metadata.get("uid", "")
        self.rv = rv
        self.labels: dict[str, str] = dict(metadata.get("labels") or {})
        self.fields: tuple[str, ...] = tuple(get(obj) for get in kind.getters())
        #: uids of the objects this one names in ownerReferences (the garbage collector's index).
        self.owners: tuple[str, ...] = tuple(
            str(ref.get("uid", "")) for ref in metadata.get("ownerReferences") or ()
        )
        self.raw: bytes = _encoder.encode(obj)

    @property
    def key(self) -> Key:
        return (self.namespace, self.name)

    def decode(self) -> Obj:
        return _decoder.decode(self.raw)

    def field(self, kind: Kind, name: str) -> str:
        if name == "metadata.name":
            return self.name
        if name == "metadata.namespace":
            return self.namespace
        return self.fields[kind.positions[name]]


class Event:
    """A change; `prev` lets a filtered watch turn an update into ADDED or DELETED for itself."""

    __slots__ = ("entry", "prev", "rv", "type")

    def __init__(self, type: str, entry: Entry, prev: Entry | None) -> None:
        self.type = type
        self.entry = entry
        self.prev = prev
        self.rv = entry.rv


class Filter:
    """Which objects of a kind a LIST or WATCH asked for."""

    __slots__ = ("fields", "kind", "labels", "namespace")

    def __init__(
        self,
        kind: Kind,
        namespace: str | None,
        labels: LabelSelector | None = None,
        fields: FieldSelector | None = None,
    ) -> None:
        self.kind = kind
        self.namespace = namespace
        self.labels = labels or LabelSelector()
        self.fields = fields or FieldSelector()

    @property
    def selective(self) -> bool:
        return not (self.labels.empty and self.fields.empty)

    def matches(self, entry: Entry) -> bool:
        if self.namespace is not None and entry.namespace != self.namespace:
            return False
        if not self.labels.matches(entry.labels):
            return False
        return self.fields.empty or self.fields.matches(lambda name: entry.field(self.kind, name))


class Watcher:
    """One WATCH stream's view: initial events, then live events filtered for it."""

    def __init__(self, flt: Filter, initial: list[tuple[str, Entry]], max_pending: int) -> None:
        self.filter = flt
        self.initial = initial
        #: None is a wake-up: the stream should look at `closed`.
        self.queue: asyncio.Queue[tuple[str, Entry] | None] = asyncio.Queue(max_pending)
        #: Set when the client fell too far behind or went away, or the server is stopping;
        #: the stream then ends and a client re-watches from its last resourceVersion.
        self.closed = False

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            with contextlib.suppress(asyncio.QueueFull):
                self.queue.put_nowait(None)

    def offer(self, event: Event) -> None:
        if self.closed:
            return
        translated = _translate(self.filter, event)
        if translated is None:
            return
        try:
            self.queue.put_nowait(translated)
        except asyncio.QueueFull:
            self.closed = True


def _translate(flt: Filter, event: Event) -> tuple[str, Entry] | None:
    now = flt.matches(event.entry)
    if event.type != "MODIFIED":
        return (event.type, event.entry) if now else None
    before = event.prev is not None and flt.matches(event.prev)
    if now:
        return ("MODIFIED" if before else "ADDED", event.entry)
    return ("DELETED", event.entry) if before else None


class _KindData:
    def __init__(self, history: int) -> None:
        self.entries: dict[Key, Entry] = {}
        self.keys: list[Key] = []
        self.history: deque[Event] = deque(maxlen=history)
        #: A watch may resume from any resourceVersion at or after this one.
        self.compacted_rv = 0
        self.watchers: set[Watcher] = set()


class Store:
    def __init__(self, registry: Registry, history: int) -> None:
        self.registry = registry
        self.rv = 0
        self._history = history
        self._data = {kind.kind: _KindData(history) for kind in registry.kinds}
        #: Called after every change with (kind, event); the controller subscribes here.
        self.listeners: list[Callable[[Kind, Event], None]] = []
        #: owner uid -> (kind, namespace, name) of every object naming it in ownerReferences.
        self._dependents: dict[str, set[tuple[str, str, str]]] = {}
        #: uids of every stored object, so the garbage collector can tell live owners cheaply.
        self._uids: set[str] = set()

    # reads

    def get(self, kind: Kind, namespace: str, name: str) -> Entry | None:
        return self._data[kind.kind].entries.get((namespace, name))

    def count(self, kind: Kind) -> int:
        return len(self._data[kind.kind].entries)

    def entries(self, kind: Kind, namespace: str | None = None) -> Iterator[Entry]:
        data = self._data[kind.kind]
        if namespace is None:
            yield from list(data.entries.values())
            return
        keys = data.keys
        index = bisect.bisect_left(keys, (namespace, ""))
        selected = []
        while index < len(keys) and keys[index][0] == namespace:
            selected.append(data.entries[keys[index]])
            index += 1
        yield from selected

    def sample(self, kind: Kind, rng: Any) -> Entry | None:
        """A uniformly random stored object of `kind` (None when there is none)."""
        keys = self._data[kind.kind].keys
        if not keys:
            return None
        return self._data[kind.kind].entries[keys[rng.randrange(len(keys))]]

    def page(
        self, flt: Filter, after: Key | None, limit: int
    ) -> tuple[list[Entry], Key | None, int | None]:
        """Up to `limit` (0: all) matches in key order after `after`.

        Returns the entries, the key to continue after (None when nothing follows) and, for an
        unfiltered list, how many objects remain after this page.
        """
        data = self._data[flt.kind.kind]
        keys = data.keys
        if after is not None:
            start = bisect.bisect_right(keys, after)
        elif flt.namespace is not None:
            start = bisect.bisect_left(keys, (flt.namespace, ""))
        else:
            start = 0
        end = len(keys)
        if flt.namespace is not None:
            end = bisect.bisect_left(keys, (flt.namespace + "\x00", ""))
        items: list[Entry] = []
        index = start
        while index < end:
            entry = data.entries[keys[index]]
            index += 1
            if flt.matches(entry):
                items.append(entry)
                if limit and len(items) >= limit:
                    break
        if index >= end:
            return items, None, None
        remaining = None if flt.selective else end - index
        return items, keys[index - 1], remaining

    def dependents(self, uid: str) -> list[tuple[Kind, Entry]]:
        """Objects whose ownerReferences name `uid`, in a stable order."""
        found = []
        for kind_name, namespace, name in sorted(self._dependents.get(uid, ())):
            kind = self.registry.by_kind(kind_name)
            entry = self.get(kind, namespace, name)
            if entry is not None:
                found.append((kind, entry))
        return found

    def has_uid(self, uid: str) -> bool:
        return uid in self._uids

    def _index(self, kind: Kind, old: Entry | None, new: Entry | None) -> None:
        if old is not None and (new is None or old.uid != new.uid):
            self._uids.discard(old.uid)
        if new is not None:
            self._uids.add(new.uid)
        if old is not None and (new is None or old.owners != new.owners):
            for uid in old.owners:
                refs = self._dependents.get(uid)
                if refs is not None:
                    refs.discard((kind.kind, old.namespace, old.name))
                    if not refs:
                        del self._dependents[uid]
        if new is not None and (old is None or old.owners != new.owners):
            for uid in new.owners:
                self._dependents.setdefault(uid, set()).add((kind.kind, new.namespace, new.name))

    def compacted_rv(self, kind: Kind) -> int:
        return self._data[kind.kind].compacted_rv

    # writes

    def load(self, kind: Kind, obj: Obj) -> Entry:
        """Insert without history or events: the cluster's state before anyone watched."""
        self.rv += 1
        entry = Entry(kind, obj, self.rv)
        data = self._data[kind.kind]
        old = data.entries.get(entry.key)
        if old is None:
            bisect.insort(data.keys, entry.key)
        data.entries[entry.key] = entry
        self._index(kind, old, entry)
        return entry

    def seal(self) -> None:
        """Forget history up to now, as a real server's compaction would have."""
        for data in self._data.values():
            data.history.clear()
            data.compacted_rv = self.rv

    def add(self, kind: Kind, obj: Obj) -> Entry:
        data = self._data[kind.kind]
        self.rv += 1
        entry = Entry(kind, obj, self.rv)
        bisect.insort(data.keys, entry.key)
        data.entries[entry.key] = entry
        self._index(kind, None, entry)
        self._publish(kind, Event("ADDED", entry, None))
        return entry

    def replace(self, kind: Kind, obj: Obj) -> Entry:
        data = self._data[kind.kind]
        self.rv += 1
        entry = Entry(kind, obj, self.rv)
        prev = data.entries[entry.key]
        data.entries[entry.key] = entry
        self._index(kind, prev, entry)
        self._publish(kind, Event("MODIFIED", entry, prev))
        return entry

    def remove(self, kind: Kind, namespace: str, name: str) -> Entry:
        data = self._data[kind.kind]
        prev = data.entries.pop((namespace, name))
        del data.keys[bisect.bisect_left(data.keys, prev.key)]
        self._index(kind, prev, None)
        self.rv += 1
        entry = Entry(kind, prev.decode(), self.rv)
        self._publish(kind, Event("DELETED", entry, prev))
        return entry

    # watches

    def watch(self, flt: Filter, since: int | None, max_pending: int) -> Watcher:
        """A watcher from `since` (None: the current state as synthetic ADDED events).

        Raises the API's 410 Expired when `since` is older than the kept history.
        """
        data = self._data[flt.kind.kind]
        if since is None:
            initial = [("ADDED", entry) for entry in data.entries.values() if flt.matches(entry)]
        else:
            if since < data.compacted_rv:
                raise expired(f"too old resource version: {since} ({data.compacted_rv})")
            initial = []
            for event in data.history:
                if event.rv > since and (translated := _translate(flt, event)) is not None:
                    initial.append(translated)
        watcher = Watcher(flt, initial, max_pending)
        data.watchers.add(watcher)
        return watcher

    def close_watchers(self) -> None:
        """End every open watch, e.g. at shutdown, so streams finish instead of being cut."""
        for data in self._data.values():
            for watcher in list(data.watchers):
                watcher.close()

    def watcher_count(self) -> int:
        return sum(len(data.watchers) for data in self._data.values())

    def unwatch(self, watcher: Watcher) -> None:
        self._data[watcher.filter.kind.kind].watchers.discard(watcher)

    def _publish(self, kind: Kind, event: Event) -> None:
        data = self._data[kind.kind]
        if len(data.history) == data.history.maxlen:
            data.compacted_rv = data.history[0].rv
        data.history.append(event)
        for watcher in list(data.watchers):
            watcher.offer(event)
        for listener in self.listeners:
            listener(kind, event)
