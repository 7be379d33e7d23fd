"""UI shaping: flattened, view-ready rows built once per snapshot, and server-side paging."""
