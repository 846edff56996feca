"""The span-level glosser the pipeline uses: (span text, language) pairs → :class:`~multiling.types.Gloss`."""

from __future__ import annotations

import threading
from typing import Any, Iterable, Sequence

from multiling.errors import BackendError, ModelUnavailableError, MultilingError
from multiling.translate import text as tx
from multiling.translate.base import Progress, Translator, translate_reporting
from multiling.translate.config import TranslationConfig
from multiling.types import MODEL_NOT_FOR_LANGUAGE, Gloss, GlossStatus

_EXPLICIT = "<explicit translator>"


class Glosser:
    """Glosses foreign spans in English, choosing a MarianMT model per language.

    Models come from the registry (``models/registry.toml``) in the chosen ``profile``; languages with no
    model of their own use the multilingual fallback (their glosses are flagged ``fallback-model``).
    Models load lazily, once, on the first span that needs them.

    An explicit ``model`` (or ``translator``) applies to spans whose language is ``src`` (compared after
    alias normalisation: ``zh-Hant`` is ``zh``) when ``src`` is given; other languages still use the
    registry. Without ``src`` it glosses *every* non-English span, ``und`` included, and the glosses of spans
    in a language the model is not known to be made for (see :meth:`model_languages`) are flagged
    ``model-not-for-language``.

    Args:
        model: Hugging Face model id or local directory (see above); ``None``: the registry decides.
        config: a :class:`~multiling.translate.config.TranslationConfig` (validated when it was built);
            ``model`` and ``options`` override its fields.
        translator: an already built :class:`~multiling.translate.base.Translator` (for example a test double)
            used like ``model``.
        **options: :class:`~multiling.translate.config.TranslationConfig` fields (``src``, ``profile``,
            ``backend``, ``device``, ``offline``, ``cache``, ``batch_size``, ``threads``, ``on_model_error``...)
            and decoding options (``num_beams``...).

    Raises:
        ConfigError: an unknown option or value (at construction).
    """

    def __init__(self, model: str | None = None, *, config: TranslationConfig | None = None,
                 translator: Translator | None = None, **options: Any) -> None:
        from multiling.translate.registry import load_registry

        if model is not None:
            options["model"] = model
        self.config = TranslationConfig.build(config, **options)
        self.registry = load_registry()
        self.src = self.registry.normalize(self.config.src) if self.config.src else None
        self._loaded: dict[str, Translator | MultilingError] = {}
        if translator is not None:
            self._loaded[_EXPLICIT] = translator
        self._explicit = _EXPLICIT if translator is not None else self.config.model
        self._lock = threading.Lock()
        self._made_for: frozenset[str] | None | bool = False  # model_languages(), once looked up (False: not yet)

    # -- pickling: ship the options, rebuild the heavy parts on the worker ------------------------

    def __getstate__(self) -> dict[str, Any]:
        """The options only: loaded models, remembered load errors, the registry and the lock stay behind.

        A Glosser is shipped to Ray actors and Spark executors at any point of its life; what it loaded is
        rebuilt lazily where it lands (an explicit ``translator=`` is kept: it is the caller's object and
        must pickle itself).
        """
        state = {slot: value for slot, value in self.__dict__.items() if slot not in ("_loaded", "_lock", "registry")}
        explicit = self._loaded.get(_EXPLICIT)
        state["_explicit_translator"] = explicit if explicit is not None and not isinstance(explicit, MultilingError) else None
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        from multiling.translate.registry import load_registry

        explicit = state.pop("_explicit_translator", None)
        self.__dict__.update(state)
        self.registry = load_registry()
        self._loaded = {} if explicit is None else {_EXPLICIT: explicit}
        self._lock = threading.Lock()

    def warmup(self, langs: Iterable[str] = ()) -> list[str]:
        """Load now the models that would gloss ``langs`` (and an explicit ``model``), instead of on the first span.

        A worker calls this once when it starts, so that a model that cannot be had stops the job there with
        one clear error instead of marking every span ``no-model``.

        Args:
            langs: language codes whose registry models to load (``en``/``und`` are ignored).

        Returns:
            The model keys loaded.

        Raises:
            ModelUnavailableError, BackendError: a model cannot be found or loaded.
        """
        keys = [self._explicit] if self._explicit is not None else []
        keys += [key for key, _, _ in map(self.route, langs) if key is not None]
        for key in dict.fromkeys(keys):
            self.translator(key)
        return list(dict.fromkeys(keys))

    # -- model choice -------------------------------------------------------------------------------

    def route(self, lang: str) -> tuple[str | None, bool, str | None]:
        """Which model glosses ``lang``.

        Returns:
            ``(model key, is fallback, reason)``: the key is a model id/directory (or the explicit
            translator), or ``None`` with the reason there is none (``en``, ``und``, no fallback).
        """
        code = self.registry.normalize(lang)
        if code == "en":
            return None, False, "English span: not glossed"
        if self._explicit is not None and (self.src is None or self.src == code):
            return self._explicit, False, None
        choice = self.registry.choose(code, self.config.profile)
        if choice is None:
            if code in ("und", "zxx"):
                return None, False, (f"language not determined ({lang!r}), so no model was chosen; "
                                     "pass --model (or Glosser(model=...)) to gloss such spans anyway")
            return None, False, (f"no model for language {lang!r} in the registry and no fallback; "
                                 "see `multiling models list`")
        return choice.entry.id, choice.fallback, None

    def model_languages(self) -> frozenset[str] | None:
        """The source languages the explicit model is made for (normalised; ``mul``: a multilingual model), or ``None``
        when that is unknown (no explicit model, or one the registry does not list and whose directory names none).

        Looked up in the registry by model id (every row of that id: group models serve several languages), then
        in a local model directory's ``tokenizer_config.json`` (``source_lang``, as Helsinki-NLP checkpoints have).
        """
        if self._made_for is False:
            self._made_for = self._look_up_model_languages()
        return self._made_for if isinstance(self._made_for, frozenset) else None

    def _look_up_model_languages(self) -> frozenset[str] | None:
        import json
        from pathlib import Path

        model = self.config.model
        if model is None:
            explicit = self._loaded.get(_EXPLICIT)
            model = getattr(explicit, "model_id", None) if explicit is not None else None
        if not isinstance(model, str):
            return None
        if model == self.registry.fallback:
            return frozenset({"mul"})
        registered = {self.registry.normalize(entry.lang) for entry in self.registry.entries if entry.id == model}
        if registered:
            return frozenset(registered)
        try:
            source_lang = json.loads((Path(model) / "tokenizer_config.json").read_text(encoding="utf-8")).get("source_lang")
        except (OSError, ValueError, AttributeError):  # not a directory, no such file, not a JSON object
            return None
        return frozenset({self.registry.normalize(source_lang)}) if isinstance(source_lang, str) and source_lang else None

    def _route_flags(self, key: str, code: str, fallback: bool) -> tuple[str, ...]:
        """Flags saying how the model of a span was chosen: the fallback, or an explicit model not made for ``code``."""
        if fallback:
            return ("fallback-model",)
        if key == self._explicit and self.src is None:
            made_for = self.model_languages()
            if made_for is None or not ({"mul", code} & made_for):
                return (MODEL_NOT_FOR_LANGUAGE,)
        return ()

    def translator(self, key: str) -> Translator:
        """The loaded translator for a model key (loading it on first use).

        Raises:
            ModelUnavailableError, BackendError: remembered, and raised again on later calls.
        """
        with self._lock:
            loaded = self._loaded.get(key)
            if loaded is None:
                from multiling.translate.loader import load_translator

                try:
                    loaded = load_translator(key, config=self.config)
                except (ModelUnavailableError, BackendError) as exc:
                    if self.config.on_model_error == "raise":
                        raise
                    loaded = exc
                except Exception as exc:  # a broken checkpoint: report it on the spans, never crash
                    from multiling.translate.marian import one_line

                    loaded = BackendError(f"cannot load {key}: {one_line(exc)}")
                    if self.config.on_model_error == "raise":
                        raise loaded from exc
                self._loaded[key] = loaded
        if isinstance(loaded, MultilingError):
            raise loaded
        return loaded

    def signature(self, lang: str) -> dict | None:
        """The signature (model, revision, backend, decoding, version) that glosses ``lang``; loads the model.

        Returns:
            ``None`` when ``lang`` gets no model (English, undetermined, unavailable offline).
        """
        key, _, _ = self.route(lang)
        if key is None:
            return None
        try:
            return self.translator(key).signature
        except MultilingError:
            return None

    @property
    def signatures(self) -> dict[str, dict]:
        """Signatures of the models loaded so far, by model id."""
        return {t.model_id: t.signature for t in self._loaded.values() if not isinstance(t, MultilingError)}

    # -- glossing -----------------------------------------------------------------------------------

    def gloss(self, items: Sequence[tuple[str, str]], *, progress: Progress | None = None) -> list[Gloss]:
        """Gloss many spans at once (across documents): one :class:`Gloss` per item, in order.

        Work is shared across all items: each model loads once, identical sentences are translated once,
        batches are sorted by length.

        Args:
            items: ``(span text, language code)`` pairs; language codes as the segmenter emits them.
            progress: called with how many spans' worth of work was just done (a float: a model batch finishes a
                share of its spans' sentences); at most ``len(items)`` in all. Changes nothing in the result.

        Returns:
            Glosses with status ``ok`` (text, model, revision, flags), ``skipped`` (English, no letters),
            ``no-model`` (no model for the language, or it cannot be loaded — the message says which
            ``multiling models pull`` fetches it) or ``error`` (the model failed on this span). Never raises
            for a single span.
        """
        results: list[Gloss | None] = [None] * len(items)
        groups: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
        # A lone surrogate (from a bad "\\ud83d" escape) is not text: the tokenizer and the cache cannot encode it,
        # so such a span is glossed without it and flagged.
        surrogates = {i for i, (span_text, _) in enumerate(items) if tx.LONE_SURROGATE.search(span_text)}
        if surrogates:
            items = [(tx.LONE_SURROGATE.sub("", t), lang) if i in surrogates else (t, lang)
                     for i, (t, lang) in enumerate(items)]
        for index, (span_text, lang) in enumerate(items):
            if not tx.has_letters(span_text):
                results[index] = Gloss(None, GlossStatus.SKIPPED, message="no letters: not sent to a model")
                continue
            key, fallback, reason = self.route(lang)
            if key is None:
                status = GlossStatus.SKIPPED if self.registry.normalize(lang) == "en" else GlossStatus.NO_MODEL
                results[index] = Gloss(None, status, message=reason)
                continue
            groups.setdefault(key, []).append((index, self._route_flags(key, self.registry.normalize(lang), fallback)))
        report = progress or (lambda spans: None)
        unrouted = len(items) - sum(map(len, groups.values()))
        if unrouted:
            report(unrouted)
        for key, members in groups.items():
            try:
                translator = self.translator(key)
            except MultilingError as exc:
                if self.config.on_model_error == "raise":
                    raise
                model_name = getattr(exc, "model", key)
                for index, _ in members:
                    results[index] = Gloss(None, GlossStatus.NO_MODEL, model=model_name, message=exc.message)
                report(len(members))
                continue
            self._gloss_group(translator, [(i, items[i][0], route_flags) for i, route_flags in members], results,
                              progress)
        return [_flag_dropped_surrogates(g) if i in surrogates and g is not None
                else g if g is not None else Gloss(None, GlossStatus.ERROR, message="internal: span not processed")
                for i, g in enumerate(results)]

    def _fit(self, translator: Translator, pieces: list[tx.Piece]) -> tuple[list[tx.Piece], bool]:
        """Split model pieces that exceed the model's input limit."""
        limit = min(translator.max_input_tokens, self.config.max_sentence_tokens)

        def count(text: str) -> int:
            return translator.count_tokens([text])[0]

        out: list[tx.Piece] = []
        split = False
        for kind, text in pieces:
            if kind != "mt":
                out.append((kind, text))
                continue
            parts = tx.split_to_fit(text, count, limit)
            split = split or len(parts) > 1
            for n, part in enumerate(parts):
                if n:
                    out.append(("lit", " "))
                out.append(("mt", part))
        return out, split

    def _gloss_group(self, translator: Translator, members: list[tuple[int, str, tuple[str, ...]]], results: list,
                     progress: Progress | None = None) -> None:
        plans = {}
        for index, span_text, _ in members:
            try:
                plans[index] = self._fit(translator, tx.plan_span(span_text))
            except Exception as exc:  # tokenizer failure on odd input
                results[index] = Gloss(None, GlossStatus.ERROR, model=translator.model_id, revision=translator.revision,
                                       message=f"could not prepare the span: {type(exc).__name__}: {exc}")
        sources = [t for pieces, _ in plans.values() for kind, t in pieces if kind == "mt"]
        # The group's spans' worth of work, shared out over its distinct sentences as their batches finish.
        distinct = len(dict.fromkeys(sources))
        if progress is not None and not distinct:
            progress(len(members))
        per_sentence = len(members) / distinct if distinct else 0.0
        done = _translate_all(translator, sources,
                              None if progress is None else lambda sentences: progress(sentences * per_sentence))
        # Numbers must come back verbatim; where they did not, translate around them instead.
        retry = {s: tx.cut_around(s, tx.NUMBER_RE) for s, out in done.items()
                 if isinstance(out, str) and tx.numbers(s) and tx.numbers(out) != tx.numbers(s)}
        sub_done = _translate_all(translator, [t for pieces in retry.values() for kind, t in pieces if kind == "mt"])

        def render(source: str, table: dict) -> tuple[str, bool]:
            out = table[source]
            if isinstance(out, Exception):
                raise out
            return tx.remove_invented(out)

        for index, span_text, route_flags in members:
            if index not in plans:
                continue
            pieces, was_split = plans[index]
            flags: set[str] = set(route_flags)
            if was_split:
                flags.add("split-long")
            rendered: list[str] = []
            try:
                for kind, text in pieces:
                    if kind == "lit":
                        rendered.append(text)
                    elif text in retry:
                        flags.add("numbers-kept-apart")
                        for sub_kind, sub_text in retry[text]:
                            if sub_kind == "lit":
                                rendered.append(sub_text)
                            else:
                                out, removed = render(sub_text, sub_done)
                                rendered.append(out)
                                if removed:
                                    flags.add("removed-invented-token")
                    else:
                        out, removed = render(text, done)
                        rendered.append(out)
                        if removed:
                            flags.add("removed-invented-token")
            except Exception as exc:
                results[index] = Gloss(None, GlossStatus.ERROR, model=translator.model_id, revision=translator.revision,
                                       message=f"the model failed on this span: {exc}")
                continue
            gloss = tx.join_pieces(rendered)
            flags.update(tx.quality_flags(span_text, gloss))
            results[index] = Gloss(gloss, GlossStatus.OK, model=translator.model_id, revision=translator.revision,
                                   flags=tuple(sorted(flags)))


def _flag_dropped_surrogates(gloss: Gloss) -> Gloss:
    import dataclasses

    if gloss.status is not GlossStatus.OK:
        return gloss
    return dataclasses.replace(gloss, flags=tuple(sorted({*gloss.flags, "dropped-lone-surrogate"})))


def _translate_all(translator: Translator, sources: list[str], progress: Progress | None = None) -> dict[str, str | Exception]:
    """Translate unique ``sources`` in one call; if that fails, one by one so one bad text fails alone.

    ``progress`` hears of the one call's batches only (the one-by-one retry after a failure reports nothing more).
    """
    unique = list(dict.fromkeys(sources))
    if not unique:
        return {}
    try:
        outputs = translate_reporting(translator, unique, progress)
        if len(outputs) != len(unique):
            raise BackendError(f"translator returned {len(outputs)} outputs for {len(unique)} inputs")
        return dict(zip(unique, outputs))
    except Exception:
        table: dict[str, str | Exception] = {}
        for source in unique:
            try:
                table[source] = translator.translate([source])[0]
            except Exception as exc:  # noqa: BLE001 - recorded on the span
                table[source] = exc
        return table
