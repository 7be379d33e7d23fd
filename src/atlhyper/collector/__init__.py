"""The host metrics collector: samples a machine (psutil and /proc) and uploads batches.

`atlhyper collector` validates its settings, then replaces itself with `python -m
atlhyper.collector`, a process that never imports pydantic or the CLI (see `app`). The sampling
loop, the spool and the uploader run on plain threads: the collector is one small loop and one
blocking upload at a time, and asyncio with httpx's async transport cost about 5 MB more.
"""

#: Installed for other processes, never used here: httpx imports its command-line tool (click,
#: rich, pygments) whenever they are installed, structlog imports rich for tracebacks, and
#: httpcore imports the HTTP/2 stack (h2, hpack, hyperframe) though HTTP/1.1 is all we speak.
#: Marked absent before anything else is imported, they cost the collector process nothing
#: (about 10 MB otherwise); each library falls back to what it does without them.
UNUSED_MODULES = ("rich", "click", "pygments", "h2", "hpack", "hyperframe")
