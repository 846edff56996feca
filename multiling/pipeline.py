"""The front door: text → spans → glosses → :class:`~multiling.document.AnnotatedDocument`.

    >>> import multiling
    >>> doc = multiling.annotate("He said «bonjour à tous».")          # doctest: +SKIP
    >>> pipeline = multiling.Pipeline(profile="fast")                    # doctest: +SKIP
    >>> for doc in pipeline.annotate_many(({"id": i, "text": t} for i, t in rows)):  # doctest: +SKIP
    ...     print(doc.id, doc.summary)

``annotate_many`` reads its input lazily in windows of ``window`` documents, sends all the foreign spans of a
window to the translator in one call (so batches fill up across short documents), and yields the documents
in input order before reading the next window: memory is bounded by the window, not by the input.
"""

from __future__ import annotations

import bisect
import itertools
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Mapping, Protocol, Sequence, Union

from multiling._lazy import MadeOnRead
from multiling.document import AnnotatedDocument, Post
from multiling.errors import BackendError, ConfigError, InputError, ModelUnavailableError, MultilingError
from multiling.merge import link_renderings, merge
from multiling.posts import find_posts
from multiling.translate.base import Progress, takes_progress
from multiling.types import Gloss, Span

if TYPE_CHECKING:
    from multiling.translate.config import TranslationConfig

Segmenter = Callable[[str], Sequence[Span]]
Item = Union[str, Mapping[str, Any], Any]


class SpanGlosser(Protocol):
    """Anything that glosses ``(span text, language)`` pairs: :class:`multiling.translate.Glosser` or a test double."""

    def gloss(self, items: Sequence[tuple[str, str]]) -> list[Gloss]:
        """One :class:`Gloss` per item, in order; never raises for a single span.

        It may also accept an optional ``progress`` keyword (see :meth:`multiling.translate.Glosser.gloss`);
        :meth:`Pipeline.annotate_many` passes one only to a ``gloss`` that takes it.
        """
        ...


@dataclass(frozen=True, slots=True)
class DocumentError:
    """An input item that could not be annotated (``annotate_many(..., on_error="yield")``).

    Attributes:
        index: 0-based position of the item in the input.
        id: the item's id when it had one.
        error: what went wrong.
        item: the item itself (for instance a :class:`multiling.io.RecordError` passed through).
    """

    index: int
    id: str | None
    error: MultilingError
    item: Any = None


class Pipeline:
    """A segmenter and a translator, reused across documents.

    Args:
        segmenter: ``text -> list[Span]`` for every language, English included (default :func:`multiling.segment`).
        translator: an object with ``gloss(items) -> list[Gloss]``; default a :class:`multiling.translate.Glosser`
            built (on first use) from the options below.
        window: how many documents ``annotate_many`` holds and glosses together.
        config: a :class:`multiling.translate.TranslationConfig` for the default ``Glosser``.
        **options: its fields on top of ``config`` (``model``, ``src``, ``profile``, ``backend`` ``auto``/
            ``transformers``/``ctranslate2``, ``device`` ``auto``/``cpu``/``cuda``, ``offline``, ``cache``,
            ``batch_size``, ``threads``, ``on_model_error``) and decoding options such as ``num_beams``.
            Validated here, once.

    Raises:
        InputError: ``window`` is not positive.
        ConfigError: an unknown option or value.
    """

    def __init__(
        self,
        segmenter: Segmenter | None = None,
        translator: SpanGlosser | None = None,
        *,
        window: int = 64,
        config: TranslationConfig | None = None,
        **options: Any,
    ) -> None:
        from multiling.translate.config import TranslationConfig

        if window < 1:
            raise InputError(f"window must be at least 1 document, got {window}")
        self._segmenter = segmenter
        self._translator = translator
        self.window = window
        self.config = TranslationConfig.build(config, **options)

    def __getstate__(self) -> dict[str, Any]:
        """Picklable at any time (Ray, Spark): the default Glosser ships its options only, not its models or lock
        (see ``Glosser.__getstate__``), and the default segmenter is imported again where the pipeline lands."""
        from multiling.segment import segment

        state = dict(self.__dict__)
        if state.get("_segmenter") is segment:
            state["_segmenter"] = None
        return state

    def warmup(self, langs: Iterable[str] = ()) -> "Pipeline":
        """Load the translation models now (an explicit ``model``, and those that gloss ``langs``).

        Distributed workers call this once at start-up so that a missing model fails the job at once, with one
        message, instead of giving every span the status ``no-model``.

        Returns:
            The pipeline itself.

        Raises:
            ModelUnavailableError, BackendError: a model cannot be found or loaded.
        """
        warm = getattr(self.translator, "warmup", None)
        if warm is not None:
            warm(langs)
        return self

    @property
    def segmenter(self) -> Segmenter:
        """The segmenter (the default one is imported on first use)."""
        if self._segmenter is None:
            from multiling.segment import segment

            self._segmenter = segment
        return self._segmenter

    @property
    def translator(self) -> SpanGlosser:
        """The translator (the default ``Glosser`` is built on first use; models load on first span)."""
        if self._translator is None:
            from multiling.translate import Glosser

            self._translator = Glosser(config=self.config)
        return self._translator

    def annotate(self, text: str, *, id: str | None = None) -> AnnotatedDocument:
        """Segment, gloss and merge one document.

        Args:
            text: the document (never modified; offsets are code points into it).
            id: an id to carry on the document.

        Returns:
            The annotated document.

        Raises:
            InputError: ``text`` is not a string.
        """
        if not isinstance(text, str):
            raise InputError(f"annotate() takes a str, got {type(text).__name__}; decode bytes with multiling.io first")
        return next(self._annotate_window([(0, id, text)]))

    def annotate_many(self, items: Iterable[Item], *, on_error: str = "raise",
                      progress: Progress | None = None) -> Iterator[AnnotatedDocument | DocumentError]:
        """Annotate a stream of documents, yielding them in input order.

        Args:
            items: strings, ``{"id", "text"}`` mappings, or objects with ``text`` (and ``id``) attributes such as
                :class:`multiling.io.Record`. Read lazily, ``window`` at a time.
            on_error: ``raise`` stops at the first item that is not a document; ``yield`` yields a
                :class:`DocumentError` in its place and goes on.
            progress: called while a window is glossed with how many more of its documents' work is done (an
                int; per translated batch, before those documents are yielded; at most the window's documents in
                all), so that a progress bar moves within a window. Only a translator whose ``gloss`` takes a
                ``progress`` keyword reports. The documents yielded are the same with or without it.

        Yields:
            One :class:`AnnotatedDocument` (or :class:`DocumentError`) per item, in order. When reading ``items``
            raises, the documents read before are yielded first; then the error is raised (``on_error="raise"``)
            or yielded as a last :class:`DocumentError` wrapping it in an :class:`InputError` (``"yield"``).

        Raises:
            InputError: a bad item with ``on_error="raise"``.
            Exception: whatever reading ``items`` raised, with ``on_error="raise"``, after the documents before it.
        """
        if on_error not in ("raise", "yield"):
            raise InputError(f"on_error must be 'raise' or 'yield', got {on_error!r}")
        iterator = iter(enumerate(items))
        failure: Exception | None = None
        read = 0  # items taken from the input so far
        while failure is None:
            chunk: list[tuple[int, Item]] = []
            try:
                for pair in itertools.islice(iterator, self.window):
                    chunk.append(pair)
            except Exception as exc:  # the caller's iterator broke: keep what it gave, then report it
                failure = exc
            if not chunk and failure is None:
                return
            good: list[tuple[int, str | None, str]] = []
            errors: dict[int, DocumentError] = {}
            for index, item in chunk:
                try:
                    doc_id, text = _unpack(item)
                    good.append((index, doc_id, text))
                except InputError as exc:
                    if on_error == "raise":
                        raise
                    errors[index] = DocumentError(index, _item_id(item), exc, item)
            documents = self._annotate_window(good, on_error=on_error, progress=progress)
            for index, _ in chunk:
                # Documents come out of the window in the order they went in: one ``next`` per good item.
                yield errors[index] if index in errors else next(documents)
            read = chunk[-1][0] + 1 if chunk else read
            del chunk, good, errors, documents
        if on_error == "raise":
            raise failure
        yield DocumentError(read, None, InputError(
            f"reading the input failed after {read} item(s): {type(failure).__name__}: {failure}"))

    def annotate_batch(self, batch: Any) -> Any:
        """Annotate a columnar batch of records (for Ray Data, Spark, pandas, Arrow; see :mod:`multiling.columnar`).

        Args:
            batch: a dict of columns, a pandas DataFrame or a pyarrow Table/RecordBatch with ``id`` (non-empty
                string or integer) and ``text`` columns; other columns are ignored.

        Returns:
            The same kind of batch (a pyarrow Table typed by ``multiling.ARROW_SCHEMA`` for Arrow input) with one
            row per record, in order: ``id``, ``document`` (the JSON line ``multiling annotate`` writes), ``spans``
            (typed span structs), ``summary`` (counts) and ``error`` (null, or code/kind/message for a record that
            could not be annotated — a bad record never fails the batch).

        Raises:
            InputError: the batch is not columnar, or has no ``id`` or ``text`` column.
        """
        from multiling.columnar import annotate_batch

        return annotate_batch(self, batch)

    def _annotate_window(self, docs: list[tuple[int, str | None, str]], on_error: str = "raise",
                         progress: Progress | None = None) -> Iterator[Any]:
        segmented: list[tuple[int, str | None, str, Sequence[Span] | DocumentError]] = []
        foreign_of_each: list[Sequence[Span]] = []
        posts_of: dict[int, list[Post]] = {}
        for index, doc_id, text in docs:
            try:
                # Attributions are found once: the segmenter cuts them off, the merge attaches them.
                posts_of[index] = find_posts(text)
                spans = self._segment(text, posts_of[index])
            except MultilingError as exc:
                if on_error == "raise":
                    raise
                segmented.append((index, doc_id, text, DocumentError(index, doc_id, exc)))
                continue
            segmented.append((index, doc_id, text, spans))
            # Without posts the spans are the foreign ones only (see _segment).
            foreign_of_each.append([s for s in spans if s.is_foreign] if posts_of[index] else spans)
        # ``segmented`` alone holds the spans now: each document's go when it is merged ("del found" below).
        spans = []
        requests = _Requests(foreign_of_each)
        del foreign_of_each
        try:
            glosses = self._gloss(requests, None if progress is None else _spans_to_documents(len(docs), len(requests), progress))
        except MultilingError as exc:
            if on_error == "raise" or self._stops_the_job(exc):
                raise
            # One document's spans broke the translator for the whole window: find which, document by document,
            # so that only that document fails and the run goes on.
            yield from self._annotate_one_by_one(segmented, posts_of)
            return
        del requests
        cursor = 0
        # Each document's spans are let go once it is merged, before it is yielded: a huge document is
        # written while only its AnnotatedDocument is held, not also the segmenter's spans (English ones included).
        segmented.reverse()
        while segmented:
            index, doc_id, text, found = segmented.pop()
            if isinstance(found, DocumentError):
                yield found
                continue
            count = sum(1 for s in found if s.is_foreign) if posts_of[index] else len(found)  # see _segment
            doc = merge(text, found, glosses[cursor : cursor + count], id=doc_id, posts=posts_of.pop(index),
                        renderings=False)
            # The document holds its spans and glosses as columns: the Span and Gloss objects go now, before the
            # search for article renderings, not when the window is done.
            glosses[cursor : cursor + count] = [None] * count  # type: ignore[list-item]
            cursor += count
            del found
            doc = link_renderings(doc)
            yield doc
            del doc

    def _segment(self, text: str, posts: list[Post]) -> Sequence[Span]:
        """The document's spans, the English ones only where there are posts; multiling's own segmenter is given
        the attributions already found."""
        if self._segmenter is None or self._segmenter is _default_segment():
            from multiling.segment import segmenter

            # It never makes the English spans it would leave out, and holds the others as columns.
            return segmenter.spans_to_merge(text, posts)
        spans = list(self.segmenter(text))
        # The merge needs the English spans only to find the span a post closes: without posts they go now, not
        # after the whole window is glossed (on a huge mixed document they are a third of the spans).
        return spans if posts else [span for span in spans if span.is_foreign]

    def _stops_the_job(self, exc: MultilingError) -> bool:
        """A configuration error (a broken model registry), or a model that cannot be had under
        ``on_model_error="raise"``, fails the job, not one document."""
        if isinstance(exc, ConfigError):
            return True
        return self.config.on_model_error == "raise" and isinstance(exc, (ModelUnavailableError, BackendError))

    def _gloss(self, requests: Sequence[tuple[str, str]], progress: Progress | None = None) -> list[Gloss]:
        """The translator's glosses for ``requests``; any failure of the translator becomes a BackendError."""
        if not requests:
            return []
        try:
            if progress is not None and takes_progress(self.translator.gloss):
                glosses = self.translator.gloss(requests, progress=progress)  # type: ignore[call-arg]
            else:
                glosses = self.translator.gloss(requests)
        except MultilingError:
            raise
        except Exception as exc:  # a third-party backend may raise anything; report it as ours, with its cause
            raise BackendError(f"the translator failed: {type(exc).__name__}: {exc}") from exc
        if len(glosses) != len(requests):
            raise BackendError(f"the translator returned {len(glosses)} glosses for {len(requests)} spans")
        for number, gloss in enumerate(glosses):
            if not isinstance(gloss, Gloss):  # a bad plug-in: refuse it here, before a document holds it
                raise BackendError(f"the translator returned {type(gloss).__name__} for span {number} "
                                   f"({requests[number][1]}); a translator must return one Gloss per span")
        return list(glosses)

    def _annotate_one_by_one(self, segmented: list[tuple[int, str | None, str, Any]], posts_of: dict[int, list[Post]]) -> Iterator[Any]:
        for index, doc_id, text, spans in segmented:
            if isinstance(spans, DocumentError):
                yield spans
                continue
            try:
                glosses = self._gloss([(s.text, s.lang) for s in spans if s.is_foreign])
            except MultilingError as exc:
                yield DocumentError(index, doc_id, exc)
                continue
            yield merge(text, spans, glosses, id=doc_id, posts=posts_of[index])


class _Requests(MadeOnRead[tuple[str, str]]):
    """The translator's ``(span text, language)`` pairs for a window's foreign spans, each pair made when it is
    read: a huge document's spans are held as columns (``segmenter.spans_to_merge``), and a list of every pair
    with its text would be alive beside them while the window is glossed (~150 bytes a span)."""

    def __init__(self, documents: list[Sequence[Span]]) -> None:
        self._documents = documents
        self._ends = list(itertools.accumulate(map(len, documents)))  # pairs up to the end of each document

    def __len__(self) -> int:
        return self._ends[-1] if self._ends else 0

    def _item(self, index: int) -> tuple[str, str]:
        document = bisect.bisect_right(self._ends, index)
        span = self._documents[document][index - (self._ends[document - 1] if document else 0)]
        return span.text, span.lang


    def __iter__(self) -> Iterator[tuple[str, str]]:
        return ((span.text, span.lang) for spans in self._documents for span in spans)


def _spans_to_documents(documents: int, spans: int, report: Progress) -> Progress:
    """A span-progress callback that reports whole documents: ``documents × spans done / spans``, never more."""
    done = 0.0
    credited = 0

    def on_spans(finished: float) -> None:
        nonlocal done, credited
        done += finished
        # A hair of tolerance: shares such as 1/3 + 1/3 + 1/3 add up to a little under 1 in floating point.
        now = min(documents, int(documents * done / spans + 1e-9))
        if now > credited:
            report(now - credited)
            credited = now

    return on_spans


def _default_segment() -> Callable[..., list[Span]]:
    from multiling.segment import segment

    return segment


def _unpack(item: Item) -> tuple[str | None, str]:
    if isinstance(item, str):
        return None, item
    if isinstance(item, Mapping):
        text = item.get("text")
        raw_id = item.get("id")
    else:
        text = getattr(item, "text", None)
        raw_id = getattr(item, "id", None)
    if not isinstance(text, str):
        raise InputError(f"item has no string 'text' (got {type(text).__name__}); pass str or {{'id', 'text'}} records")
    return (None if raw_id is None else str(raw_id)), text


def _item_id(item: Item) -> str | None:
    raw = item.get("id") if isinstance(item, Mapping) else getattr(item, "id", None)
    return None if raw is None else str(raw)


#: Pipelines ``annotate()`` reuses, one per distinct config (most recently used last). A handful: a process
#: rarely switches between more configs than that, and each holds its loaded models.
_PIPELINES: "OrderedDict[TranslationConfig, Pipeline]" = OrderedDict()
_PIPELINES_MAX = 4
_PIPELINES_LOCK = threading.Lock()


def shared_pipeline(config: TranslationConfig) -> Pipeline:
    """The process-wide pipeline for ``config`` (built on first use, then reused: models load once)."""
    with _PIPELINES_LOCK:
        pipeline = _PIPELINES.pop(config, None)
        if pipeline is None:
            pipeline = Pipeline(config=config)
        _PIPELINES[config] = pipeline
        while len(_PIPELINES) > _PIPELINES_MAX:
            _PIPELINES.popitem(last=False)
        return pipeline


def annotate(text: str, *, id: str | None = None, segmenter: Segmenter | None = None,
             translator: SpanGlosser | None = None, **options: Any) -> AnnotatedDocument:
    """Annotate one document: find its foreign spans, gloss them in English, re-attach the glosses by offset.

    With the default segmenter and translator, calls with equal options share one pipeline per process (up
    to four distinct option sets are kept), so the model loads on the first call only; the shared pipeline is
    thread-safe. For many documents, :meth:`Pipeline.annotate_many` also batches across documents.

    Args:
        text: the document (never modified; every offset is a code point into it).
        id: an id to carry on the document.
        segmenter: ``text -> list[Span]`` (default :func:`multiling.segment`).
        translator: an object with ``gloss(items)`` (default: a :class:`multiling.translate.Glosser`).
        **options: :class:`Pipeline` options (``model``, ``profile``, ``backend``, ``device``, ``offline``,
            ``cache``, ``batch_size``, ``threads``, ``on_model_error``, decoding options).

    Returns:
        The :class:`AnnotatedDocument`. Spans whose model cannot be had get status ``no-model`` with the
        command that fetches it (or, with ``on_model_error="raise"``, the call raises); nothing is ever
        glossed by anything but the model.

    Raises:
        InputError: ``text`` is not a string.
        ConfigError: an unknown option value.
    """
    if segmenter is None and translator is None and "window" not in options:
        from multiling.translate.config import TranslationConfig

        return shared_pipeline(TranslationConfig.build(**options)).annotate(text, id=id)
    return Pipeline(segmenter, translator, **options).annotate(text, id=id)
