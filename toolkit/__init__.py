"""Media framing research toolkit: how do different outlets report the same diplomatic event?

Subpackages follow the data's walk: ``corpus`` (canonical table, readers, cleaning) →
``datasets`` (demo corpus, real-corpus registry) → analyses → ``plots``.
Nothing touches the filesystem or network at import.
"""

__version__ = "0.1.0"
