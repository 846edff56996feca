"""Ray Data: annotate a :class:`ray.data.Dataset` of ``{"id", "text"}`` rows on a pool of actors.

    >>> import ray, multiling.integrations.ray as mray                      # doctest: +SKIP
    >>> ray.init(num_cpus=4)                                                # doctest: +SKIP
    >>> ds = ray.data.read_parquet("s3://bucket/articles/")                 # doctest: +SKIP
    >>> out = mray.annotate_dataset(ds, actors=8, model="Helsinki-NLP/opus-mt-ar-en", offline=True)  # doctest: +SKIP
    >>> out.write_parquet("s3://bucket/annotated/")                         # doctest: +SKIP

Each actor builds one :class:`multiling.Pipeline` in ``__init__`` and loads its models there
(:meth:`~multiling.Pipeline.warmup`), so a model that cannot be had stops the job as the pool starts — with the
``[E400]`` message, not a ``no-model`` status on every span — and every later batch reuses the loaded model.
Rows come out with :data:`multiling.ARROW_SCHEMA` (``write_parquet`` is typed).
"""

from __future__ import annotations

import warnings
from typing import Any, Iterable

from multiling.errors import ConfigError


class Annotator:
    """A stateful callable for ``Dataset.map_batches``: one pipeline (models loaded once) per actor.

    Args:
        langs: languages whose registry models to load at start-up (an explicit ``model`` is always loaded).
        **options: :class:`multiling.Pipeline` options (``model``, ``profile``, ``backend``, ``device``,
            ``offline``, ``cache``, ``batch_size``, decoding options).

    Raises:
        ModelUnavailableError, BackendError: a model cannot be loaded (the actor, and so the job, fails at start).
    """

    def __init__(self, langs: Iterable[str] = (), **options: Any) -> None:
        from multiling.pipeline import Pipeline

        self.pipeline = Pipeline(**options).warmup(langs)

    def __call__(self, batch: Any) -> Any:
        """Annotate one batch (a pyarrow Table with ``id`` and ``text``) into ``multiling.ARROW_SCHEMA`` rows."""
        return self.pipeline.annotate_batch(batch)


def annotate_dataset(
    ds: Any,
    *,
    actors: int = 1,
    num_cpus: float = 1,
    num_gpus: float = 0,
    rows_per_batch: int = 64,
    langs: Iterable[str] = (),
    **options: Any,
) -> Any:
    """Annotate every row of ``ds`` (columns ``id`` and ``text``) on ``actors`` Ray actors.

    Args:
        ds: a :class:`ray.data.Dataset` with ``id`` (non-empty string or integer) and ``text`` columns.
        actors: actor pool size (``ray.data.ActorPoolStrategy(size=actors)``); each actor holds one model copy.
        num_cpus: CPUs reserved per actor (set ``threads``-like options accordingly).
        num_gpus: GPUs per actor; with ``num_gpus > 0`` the pipeline's ``device`` defaults to ``cuda``.
        rows_per_batch: records per ``annotate_batch`` call (the pipeline glosses their spans together).
        langs: languages whose registry models each actor loads at start-up.
        **options: :class:`multiling.Pipeline` options.

    Returns:
        A lazy Dataset with the columns of ``multiling.ARROW_SCHEMA``, one row per input row. A bad record gives a
        row with ``error`` set; a model that cannot be loaded fails the job when it runs.

    Raises:
        ConfigError: ``actors`` < 1, or an unknown pipeline option (checked here, before any actor starts).
    """
    import ray

    from multiling.pipeline import Pipeline

    if actors < 1:
        raise ConfigError(f"actors must be at least 1, got {actors}")
    if num_gpus and "device" not in options:
        options["device"] = "cuda"
    Pipeline(**options)  # validates the options on the driver: a typo fails here, not inside every actor
    _warn_if_starved(actors * num_cpus)
    return ds.map_batches(
        Annotator,
        fn_constructor_kwargs={"langs": tuple(langs), **options},
        compute=ray.data.ActorPoolStrategy(size=actors),
        batch_size=rows_per_batch,
        batch_format="pyarrow",
        num_cpus=num_cpus,
        num_gpus=num_gpus,
    )


def _warn_if_starved(actor_cpus: float) -> None:
    """Warn when the actors would take every CPU of the cluster: Ray Data's read tasks then never run (a deadlock)."""
    import ray

    if not ray.is_initialized():
        return
    total = ray.cluster_resources().get("CPU", 0)
    if total and actor_cpus >= total:
        warnings.warn(
            f"the annotating actors reserve {actor_cpus:g} of the cluster's {total:g} CPUs, leaving none for the tasks "
            "that read the input: the job can stall. Start Ray with more logical CPUs (ray.init(num_cpus=...)), or "
            "use fewer actors or a fractional num_cpus",
            RuntimeWarning,
            stacklevel=3,
        )
