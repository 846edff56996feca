"""Distributed engines: :mod:`multiling.integrations.ray` (Ray Data) and :mod:`multiling.integrations.spark` (PySpark).

Both run :meth:`multiling.Pipeline.annotate_batch` on their workers, one pipeline (one model load) per worker, and
give the rows of ``multiling.ARROW_SCHEMA``: the same document JSON as ``multiling annotate``. Install with
``pip install 'multiling[ray]'`` or ``'multiling[spark]'``; ``import multiling`` imports neither engine.
"""
