"""Alignments kept on disk beside the embedding cache, so that a second run on the same paragraphs aligns nothing
again: re-running a document to write another level, other pairs or a reviser's corrections, or after its outputs
were lost. On a 50-page document whose vectors are cached, aligning its paragraphs and sentences is half of a run.

An alignment is kept under a digest of everything it is computed from (`KeptAlignments.key`): for the paragraph
units, the document's name and paragraphs (texts, addresses, every field), the model and how paragraphs are encoded;
for the sentence units, the paragraph alignment they divide (after a reviser's corrections). Both with unalign's code
(`options.code_hash`) and config (`options.config_hash`), so an edit of either aligns again. The vectors are not in
the key: the model's name stands for them, as it does in the embedding cache. The value is the result as pickle,
which only this class writes and reads, in a cache folder that is the user's own.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from typing import Any

from unalign.store import PickleStore

# The alignments kept, the last used first: a 50-page document's paragraph and sentence units take 3.4 MB, a
# one-page letter's some kilobytes. A folder run keeps each of its documents' (its resumed run skips them anyway).
KEPT_ALIGNMENTS = 100
# And no more than these bytes of them: the UNPC devset's 24,000 paragraphs take 20 MB at both levels.
KEPT_BYTES = 200_000_000
# Seconds: how stale a kept row's time of last use may get before a use writes it again (store.PickleStore._get).
_USED_EVERY = 3600.0


class KeptAlignments(PickleStore):
    """Alignment results on disk keyed by what they are computed from; a store without a folder holds nothing."""

    file_name = "alignments.sqlite3"

    @staticmethod
    def key(kind: str, *inputs: Any) -> str:
        """One digest of `kind` ("paragraphs", "sentences"), `inputs` (picklable values without cycles, such as
        the frozen dataclasses of unalign.model), unalign's code and config."""
        from unalign.options import code_hash, config_hash

        buffer = io.BytesIO()
        pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
        # Without its memo a pickle is the same for equal values, whichever of them are one object in memory.
        pickler.fast = True
        pickler.dump(inputs)
        digest = hashlib.sha256(f"{kind}\0{code_hash()}\0{config_hash()}\0".encode())
        digest.update(buffer.getbuffer())
        return digest.hexdigest()

    def get(self, key: str) -> Any | None:
        """The result kept under `key`, or None."""
        return self._get(key, _USED_EVERY)

    def put(self, key: str, result: Any) -> None:
        """Keep `result` under `key`, and only the KEPT_ALIGNMENTS last used, in KEPT_BYTES at most."""
        self._put(key, result, KEPT_ALIGNMENTS, KEPT_BYTES)

    def clear(self) -> None:
        """Forget every kept result (benchmarks.single_document times a warm run that aligns again)."""
        if self.db is not None:
            self.db.execute("DELETE FROM kept")
