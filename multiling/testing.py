"""Test helpers: a tiny MarianMT checkpoint that loads exactly like a downloaded one.

Nothing here is a CLI default; these helpers exist so the real model path (tokenizer, weights,
``generate``, the ctranslate2 converter) can be tested without the network.
"""

from __future__ import annotations

import io
import json
from importlib import resources
from pathlib import Path

#: Languages with a committed FLORES-200 sample under ``multiling/data`` (CC BY-SA 4.0).
SAMPLE_LANGS = ("ar", "fa", "ru", "en", "zh", "he")


def sample_lines(lang: str) -> list[str]:
    """The committed FLORES-200 sample sentences of ``lang`` (30 lines, line-aligned across languages).

    Args:
        lang: one of :data:`SAMPLE_LANGS`.

    Returns:
        The sentences, without line ends.

    Raises:
        FileNotFoundError: if there is no sample for ``lang``.
    """
    resource = resources.files("multiling") / "data" / f"flores-sample.{lang}.txt"
    return resource.read_text(encoding="utf-8").splitlines()


def _train_spm(lines: list[str]) -> bytes:
    """A small unigram SentencePiece model trained on ``lines``; deterministic for the same lines."""
    import sentencepiece as spm

    distinct_chars = len(set("".join(lines)))
    writer = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=writer,
        vocab_size=distinct_chars + 120,
        hard_vocab_limit=False,
        model_type="unigram",
        character_coverage=1.0,
        split_digits=True,
        num_threads=1,
        minloglevel=2,
    )
    return writer.getvalue()


def _pieces(model: bytes) -> list[str]:
    import sentencepiece as spm

    processor = spm.SentencePieceProcessor(model_proto=model)
    return [
        processor.id_to_piece(i)
        for i in range(processor.get_piece_size())
        if not (processor.is_control(i) or processor.is_unknown(i))
    ]


def make_tiny_marian(
    path: str | Path,
    src: str = "ar",
    seed: int = 0,
    *,
    d_model: int = 16,
    layers: int = 1,
    heads: int = 2,
    ffn_dim: int = 32,
    vocab_size: int | None = None,
    init_std: float = 0.3,
) -> Path:
    """Write a tiny, randomly initialised MarianMT checkpoint laid out like one from the Hub.

    The directory gets ``config.json``, ``generation_config.json``, ``model.safetensors``,
    ``source.spm``, ``target.spm``, ``vocab.json``, ``tokenizer_config.json`` and
    ``special_tokens_map.json`` — the files of ``Helsinki-NLP/opus-mt-*`` — so it loads through the
    same code path as a real model (``MarianTokenizer`` + ``MarianMTModel``, or the ctranslate2
    converter). Its glosses are deterministic nonsense; use it to test plumbing, not quality.

    The source tokenizer is trained on the committed FLORES sample of ``src`` (all samples pooled if
    ``src`` has none), the target tokenizer on the English sample. Same ``src`` and ``seed`` give
    byte-identical weights.

    Args:
        path: directory to write (created if missing; existing files are overwritten).
        src: source language code, recorded in ``tokenizer_config.json``.
        seed: seed of the random weights.
        d_model, layers, heads, ffn_dim: model dimensions (encoder and decoder alike).
        vocab_size: pad the joint vocabulary with unused tokens up to this size (benchmarks use the
            ~62k of opus-mt); default: just the pieces of the two tokenizers.
        init_std: standard deviation of the random weights (larger than opus-mt's 0.02 so that the
            output depends on the input).

    Returns:
        ``path`` as a :class:`~pathlib.Path`.
    """
    import torch
    from transformers import MarianConfig, MarianMTModel

    out = Path(path)
    out.mkdir(parents=True, exist_ok=True)
    if src in SAMPLE_LANGS:
        source_lines = sample_lines(src)
    else:
        source_lines = [line for lang in SAMPLE_LANGS for line in sample_lines(lang)]
    source_spm = _train_spm(source_lines)
    target_spm = _train_spm(sample_lines("en"))
    (out / "source.spm").write_bytes(source_spm)
    (out / "target.spm").write_bytes(target_spm)

    # Joint vocabulary as in opus-mt: </s> first, <unk>, the pieces of both sides, <pad> last
    # (ctranslate2's Marian converter relies on <pad> being the last id).
    tokens = ["</s>", "<unk>"]
    seen = set(tokens)
    for piece in _pieces(source_spm) + _pieces(target_spm):
        if piece not in seen:
            seen.add(piece)
            tokens.append(piece)
    while vocab_size is not None and len(tokens) < vocab_size - 1:
        tokens.append(f"<unused{len(tokens)}>")
    tokens.append("<pad>")
    vocab = {token: index for index, token in enumerate(tokens)}
    pad_id = len(tokens) - 1
    (out / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False, indent=1), encoding="utf-8")

    config = MarianConfig(
        vocab_size=len(tokens),
        decoder_vocab_size=len(tokens),
        d_model=d_model,
        encoder_layers=layers,
        decoder_layers=layers,
        encoder_attention_heads=heads,
        decoder_attention_heads=heads,
        encoder_ffn_dim=ffn_dim,
        decoder_ffn_dim=ffn_dim,
        max_position_embeddings=512,
        activation_function="swish",
        scale_embedding=True,
        share_encoder_decoder_embeddings=True,
        pad_token_id=pad_id,
        eos_token_id=0,
        bos_token_id=0,
        forced_eos_token_id=0,
        decoder_start_token_id=pad_id,
        init_std=init_std,
    )
    torch.manual_seed(seed)
    model = MarianMTModel(config).eval()
    with torch.no_grad():
        # As in trained opus-mt checkpoints, the <pad> row (the decoder's start embedding) is zero;
        # ctranslate2 starts decoding from a zero embedding, so both backends agree.
        model.get_input_embeddings().weight[pad_id].zero_()
    model.generation_config.update(
        bad_words_ids=[[pad_id]],
        num_beams=4,
        max_length=512,
        renormalize_logits=True,
    )
    model.save_pretrained(out)

    (out / "tokenizer_config.json").write_text(
        json.dumps(
            {
                "tokenizer_class": "MarianTokenizer",
                "source_lang": src,
                "target_lang": "en",
                "model_max_length": 512,
                "separate_vocabs": False,
                "eos_token": "</s>",
                "unk_token": "<unk>",
                "pad_token": "<pad>",
            },
            indent=1,
        ),
        encoding="utf-8",
    )
    (out / "special_tokens_map.json").write_text(
        json.dumps({"eos_token": "</s>", "unk_token": "<unk>", "pad_token": "<pad>"}, indent=1), encoding="utf-8"
    )
    return out


class ReplayTranslator:
    """A test double that glosses a span with a *saved* translation of that exact source text (no model runs).

    Used by ``bench/renderings.py`` to replay the real outputs of a system (e.g. ``opusmt.en``, the saved output
    of Helsinki-NLP/opus-mt-ar-en on FLORES-200 dev) line-aligned with their sources. A span whose text (edge
    punctuation and spaces stripped) is not in the table gets ``no-model`` and a message saying so; nothing is
    ever invented. Never a CLI default.

    Args:
        sources: source sentences.
        outputs: the saved translation of each, line-aligned.
        model: the name shown on each gloss (say whose outputs these are).
    """

    def __init__(self, sources: list[str], outputs: list[str], model: str) -> None:
        if len(sources) != len(outputs):
            raise ValueError(f"{len(sources)} sources but {len(outputs)} saved outputs; they must be line-aligned")
        self.model = model
        self.table = {self.key(source): output for source, output in zip(sources, outputs)}

    @staticmethod
    def key(text: str) -> str:
        """The lookup key of a source text: edge spaces and punctuation stripped."""
        return text.strip().strip(".!?؟،,;:«»\"“”'()[] \u200f\u200e")

    def gloss(self, items: list[tuple[str, str]]) -> list:
        """One gloss per ``(text, lang)`` item: the saved output, or ``no-model`` when there is none."""
        from multiling.types import Gloss, GlossStatus

        out = []
        for text, _lang in items:
            saved = self.table.get(self.key(text))
            if saved is None:
                out.append(Gloss(None, GlossStatus.NO_MODEL, model=self.model,
                                 message=f"no saved output of {self.model} for this text (replay test double)"))
            else:
                out.append(Gloss(saved, GlossStatus.OK, model=self.model))
        return out


def sample_records(count: int, *, start: int = 0) -> list[dict[str, str]]:
    """``count`` ``{"id", "text"}`` records of English news-like text quoting Arabic, Russian or Persian phrases.

    Built from the committed FLORES samples, deterministic, for the scale-out tests and ``bench/scale_out.py``:
    every record has English around one or two foreign sentences, ids ``doc-<n>``.
    """
    english = sample_lines("en")
    words = {lang: [line.split() for line in sample_lines(lang)] for lang in ("ar", "ru", "fa")}

    def quote(lang: str, n: int) -> str:
        # A few words from a varying place in a sample sentence, as articles quote slogans and tweets: quotes rarely
        # repeat (so no cache or de-duplication makes the model's work vanish) and the tiny model's glosses stay short.
        mixed = (n * 2654435761) % 2**32  # Knuth's multiplicative hash: sentence, length and offset vary together
        line = words[lang][mixed % 30]
        length = 4 + (mixed // 30) % 3
        offset = (mixed // 90) % max(1, len(line) - length)
        return " ".join(line[offset:offset + length])

    records = []
    for n in range(start, start + count):
        lang = ("ar", "ar", "ru", "fa")[n % 4]
        second = f" Later: «{quote('ar', n * 11 + 5)}»." if n % 3 == 0 else ""
        text = f"{english[n % 30]} The statement read: «{quote(lang, n)}».{second} {english[(n + 3) % 30]}"
        records.append({"id": f"doc-{n}", "text": text})
    return records
