"""The two MarianMT backends: transformers (PyTorch, the default) and ctranslate2 (the ``fast`` extra).

Both share the SentencePiece tokenizer (``MarianTokenizer``), the length checks, de-duplication and the
length-sorted batching under a token budget; they differ only in how a batch is decoded.
"""

from __future__ import annotations

import threading
import warnings
from pathlib import Path
from typing import Any

from multiling.errors import BackendError
from multiling.translate.base import Progress
from multiling.translate.config import BACKENDS
from multiling.translate.decoding import DecodingOptions
from multiling.translate.store import LocalModel

__all__ = ["BACKENDS", "CTranslate2Translator", "MarianTranslatorBase", "TransformersTranslator", "load_tokenizer", "one_line"]


def _version() -> str:
    from multiling import __version__

    return __version__


def load_tokenizer(path: Path) -> Any:
    """``MarianTokenizer`` from a local directory (never the network, never remote code)."""
    from transformers import MarianTokenizer

    with warnings.catch_warnings():
        # The Moses punctuation normaliser is optional; opus-mt works without it.
        warnings.filterwarnings("ignore", message=".*sacremoses.*")
        try:
            return MarianTokenizer.from_pretrained(str(path), local_files_only=True)
        except Exception as exc:
            raise BackendError(f"cannot load the Marian tokenizer from {path}: {type(exc).__name__}: {exc}") from exc


class MarianTranslatorBase:
    """Shared part of the backends. Subclasses implement :meth:`_decode_batch`.

    Attributes:
        model_id: Hugging Face id (or local path) of the model.
        revision: commit hash or local checksum.
        backend: ``transformers`` or ``ctranslate2``.
        max_input_tokens: the longest source, in SentencePiece tokens including ``</s>``, the model accepts.
    """

    backend = ""

    def __init__(self, local: LocalModel, tokenizer: Any, decoding: DecodingOptions, *, device: str,
                 compute_type: str, model_max: int, batch_size: int = 16, max_batch_tokens: int = 4096) -> None:
        self.model_id = local.model_id
        self.revision = local.revision
        self.path = local.path
        self.tokenizer = tokenizer
        self.decoding = decoding
        self.device = device
        self.compute_type = compute_type
        self.model_max = model_max
        self.max_input_tokens = model_max
        self.batch_size = max(1, batch_size)
        self.max_batch_tokens = max(self.max_input_tokens, max_batch_tokens)
        self._lock = threading.Lock()

    @property
    def signature(self) -> dict:
        """Everything that determines the output, in a fixed key order."""
        return {
            "model": self.model_id,
            "revision": self.revision,
            "backend": self.backend,
            "device": self.device,
            "compute_type": self.compute_type,
            "decoding": self.decoding.to_dict(),
            "multiling": _version(),
        }

    def encode(self, text: str) -> list[int]:
        """Source token ids of ``text`` (``</s>`` included)."""
        return list(self.tokenizer(text)["input_ids"])

    def count_tokens(self, texts: list[str]) -> list[int]:
        """Source length of each text in tokens, ``</s>`` included."""
        return [len(self.encode(t)) for t in texts]

    def translate(self, texts: list[str], *, progress: Progress | None = None) -> list[str]:
        """Translate ``texts`` into English; one string per input, same order.

        A text's translation depends on the text, the model and the decoding options only — never on
        the other texts of the call (see :meth:`batches`). Identical texts are translated once. Blank
        texts give ``""``.

        Raises:
            BackendError: if a text is longer than :attr:`max_input_tokens` (never truncated silently;
                :class:`~multiling.translate.Glosser` splits long spans first) or the model fails.

        ``progress(n)`` is called after each model batch with the number of distinct texts it translated.
        """
        unique = [t for t in dict.fromkeys(texts) if t.strip()]
        encoded = {}
        for text in unique:
            ids = self.encode(text)
            if len(ids) > self.max_input_tokens:
                raise BackendError(
                    f"a source text has {len(ids)} tokens but {self.model_id} accepts at most {self.max_input_tokens}; "
                    "split it into sentences first (the Glosser does)"
                )
            encoded[text] = ids
        results: dict[str, str] = {}
        for batch in self.batches(unique, {t: len(ids) for t, ids in encoded.items()}):
            self._run(batch, encoded, results)
            if progress is not None:
                progress(len(batch))
        return [results.get(t, "") for t in texts]

    def batches(self, texts: list[str], lengths: dict[str, int]) -> list[list[str]]:
        """Split ``texts`` into model batches whose members all have the same source length in tokens.

        Why the same length: the output bound is per sentence (``2 × source tokens + 10``) while a
        decoder call has one bound for its whole batch, and padding a shorter source changes the
        floating-point sums of its encoder (so, now and then, which beam wins). With equal lengths there
        is no padding and one bound fits all, so a sentence gets the same translation alone or beside
        any others — the cache, resumed runs and several workers all depend on that. Batches also stay
        under ``batch_size`` sentences and ``max_batch_tokens`` source tokens, shortest first.
        """
        by_length: dict[int, list[str]] = {}
        for text in texts:
            by_length.setdefault(lengths[text], []).append(text)
        out: list[list[str]] = []
        for length in sorted(by_length):
            per_batch = max(1, min(self.batch_size, self.max_batch_tokens // max(1, length)))
            group = by_length[length]
            out.extend(group[start : start + per_batch] for start in range(0, len(group), per_batch))
        return out

    def _run(self, batch: list[str], encoded: dict, results: dict) -> None:
        ids = [encoded[t] for t in batch]
        max_new = self.decoding.max_new_tokens(len(ids[0]), self.model_max)
        with self._lock:
            try:
                outputs = self._decode_batch(ids, max_new)
            except BackendError:
                raise
            except Exception as exc:
                raise BackendError(f"{self.backend} failed on {self.model_id}: {type(exc).__name__}: {exc}") from exc
        for text, output in zip(batch, outputs):
            results[text] = output.strip()

    def _decode_batch(self, ids: list[list[int]], max_new_tokens: int) -> list[str]:  # pragma: no cover
        raise NotImplementedError


class TransformersTranslator(MarianTranslatorBase):
    """MarianMT through ``transformers`` (``MarianMTModel.generate``): float32 on CPU, float16 on CUDA by default."""

    backend = "transformers"

    def __init__(self, local: LocalModel, decoding: DecodingOptions, *, device: str = "cpu",
                 compute_type: str | None = None, threads: int = 0, **kwargs: Any) -> None:
        import torch
        from transformers import MarianMTModel
        from transformers.utils import logging as hf_logging

        compute_type = compute_type or ("float16" if device.startswith("cuda") else "float32")
        if compute_type == "float16" and not device.startswith("cuda"):
            raise BackendError("float16 compute on CPU is not supported by transformers; use float32 or bfloat16")
        if threads:
            torch.set_num_threads(threads)  # process-wide: torch has no per-model thread pool
        tokenizer = load_tokenizer(local.path)
        use_safetensors = True if (local.path / "model.safetensors").is_file() else None
        hf_logging.disable_progress_bar()
        try:
            model = MarianMTModel.from_pretrained(
                str(local.path), local_files_only=True, use_safetensors=use_safetensors,
                dtype=getattr(torch, compute_type),
            )
            model = model.to(device).eval()
        except Exception as exc:
            raise BackendError(f"cannot load {local.model_id} from {local.path}: {one_line(exc)}") from exc
        finally:
            hf_logging.enable_progress_bar()
        self.model = model
        self._torch = torch
        model_max = min(int(getattr(model.config, "max_position_embeddings", 512)), int(tokenizer.model_max_length))
        super().__init__(local, tokenizer, decoding, device=device, compute_type=compute_type, model_max=model_max,
                         **kwargs)

    def _decode_batch(self, ids: list[list[int]], max_new_tokens: int) -> list[str]:
        torch = self._torch
        pad = self.tokenizer.pad_token_id
        width = max(len(i) for i in ids)
        input_ids = torch.full((len(ids), width), pad, dtype=torch.long)
        mask = torch.zeros((len(ids), width), dtype=torch.long)
        for row, seq in enumerate(ids):
            input_ids[row, : len(seq)] = torch.tensor(seq, dtype=torch.long)
            mask[row, : len(seq)] = 1
        d = self.decoding
        kwargs: dict = {
            "num_beams": d.num_beams,
            "max_new_tokens": max_new_tokens,
            "no_repeat_ngram_size": d.no_repeat_ngram_size,
            "repetition_penalty": d.repetition_penalty,
            "length_penalty": d.length_penalty,
            "do_sample": False,
            "max_length": None,
        }
        if d.fixed_length is not None:
            kwargs["min_new_tokens"] = d.fixed_length
        with torch.inference_mode():
            out = self.model.generate(input_ids=input_ids.to(self.device), attention_mask=mask.to(self.device), **kwargs)
        return self.tokenizer.batch_decode(out, skip_special_tokens=True)


def one_line(exc: BaseException) -> str:
    """``Type: message`` on one line: the first line of the message (torch's refused-pickle error runs to six
    lines of advice, one of them to disable the very check that protected the user)."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    first = lines[0] if lines else ""
    if "weights_only" in str(exc):
        first = "the weights are a pickle that needs more than plain tensors to load, and multiling refuses to run it"
    return f"{type(exc).__name__}: {first}"


def default_compute_type(device: str) -> str:
    """int8 on CPU, float16 on CUDA."""
    return "float16" if device.startswith("cuda") else "int8"


class CTranslate2Translator(MarianTranslatorBase):
    """MarianMT through ctranslate2 (int8 on CPU, float16 on CUDA by default)."""

    backend = "ctranslate2"

    def __init__(self, ct2_path: Path, local: LocalModel, decoding: DecodingOptions, *, device: str = "cpu",
                 compute_type: str | None = None, intra_threads: int = 0, model_max: int = 512, **kwargs: Any) -> None:
        try:
            import ctranslate2
        except ImportError:
            raise BackendError("the ctranslate2 backend needs the fast extra: pip install 'multiling[fast]'") from None
        compute_type = compute_type or default_compute_type(device)
        device_name, _, index = device.partition(":")
        try:
            self.model = ctranslate2.Translator(
                str(ct2_path), device=device_name, device_index=int(index or 0), compute_type=compute_type,
                intra_threads=intra_threads,
            )
        except Exception as exc:
            raise BackendError(f"ctranslate2 cannot load {ct2_path}: {type(exc).__name__}: {exc}") from exc
        tokenizer = load_tokenizer(ct2_path / "tokenizer")
        self.ct2_path = ct2_path
        super().__init__(local, tokenizer, decoding, device=device, compute_type=compute_type,
                         model_max=min(model_max, int(tokenizer.model_max_length)), **kwargs)

    def _decode_batch(self, ids: list[list[int]], max_new_tokens: int) -> list[str]:
        d = self.decoding
        tokens = [self.tokenizer.convert_ids_to_tokens(seq) for seq in ids]
        results = self.model.translate_batch(
            tokens,
            beam_size=d.num_beams,
            max_decoding_length=max_new_tokens,
            min_decoding_length=d.fixed_length or 0,
            no_repeat_ngram_size=d.no_repeat_ngram_size,
            repetition_penalty=d.repetition_penalty,
            length_penalty=d.length_penalty,
            max_batch_size=len(tokens),
        )
        outputs = []
        for result in results:
            out_ids = self.tokenizer.convert_tokens_to_ids(result.hypotheses[0])
            outputs.append(self.tokenizer.decode(out_ids, skip_special_tokens=True))
        return outputs
