"""The read-only resources of one corpus that the analysis of a text uses: dictionary, gazetteer, options.

Loaded once per process and shared by every article (:func:`czlib.annotate`
takes them; :mod:`czlib.pipeline` builds them for a corpus folder).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .. import config
from ..text.segmentation import segment
from ..text.segmentation.token_table import ContentMemo
from .actors.gazetteer import EMPTY_GAZETTEER, Gazetteer, default_gazetteer


@dataclass
class Resources:
    """Read-only resources of one corpus, loaded once per process.

    ``userdict`` is what :func:`czlib.text.segmentation.segment.get_segmenter` takes (None:
    the project's user dictionary; False: jieba's alone); ``gazetteer`` the
    actor gazetteer (``use_gazetteer=False``: none; ``use_model=False``: the
    actor rules without the entity model).  A corpus folder with its own ``curation/`` uses it; one
    without gets the general gazetteer at its home, and the project's user
    dictionary only when it is about the project corpus's city.
    """

    userdict: object = None
    gazetteer: Gazetteer | None = None
    use_gazetteer: bool = True
    use_model: bool = True   # the entity model proposes people, organisations and places (czlib.analysis.actors.ner)
    _loaded: dict = field(default_factory=dict, repr=False)  # the segmenter and content memo, made on first use

    @classmethod
    def for_corpus(cls, corpus_dir: Path | str | None = None, use_gazetteer: bool = True) -> "Resources":
        """The resources a corpus folder asks for: its own curation where it has one, else the general
        gazetteer at the corpus's home (:mod:`czlib.corpus.registry.home`)."""
        from .actors.gazetteer import corpus_gazetteer
        from ..corpus.registry.home import project_curation_applies, resolve_home

        corpus_dir = Path(corpus_dir if corpus_dir is not None else config.CORPUS_DIR)
        curation = corpus_dir / "curation"
        home = resolve_home(corpus_dir)
        userdict = curation / "userdict.txt" if (curation / "userdict.txt").exists() else \
            None if project_curation_applies(home) else False
        gazetteer = corpus_gazetteer(corpus_dir, home)
        if not use_gazetteer:
            userdict = False
        return cls(userdict=userdict, gazetteer=gazetteer, use_gazetteer=use_gazetteer)

    @property
    def segmenter(self) -> segment.Segmenter:
        """The segmenter of the user dictionary, read once for these resources (not once per article)."""
        seg = self._loaded.get("segmenter")
        if seg is None:
            seg = self._loaded["segmenter"] = segment.get_segmenter(self.userdict)
        return seg

    @property
    def actor_gazetteer(self) -> Gazetteer:
        if not self.use_gazetteer:
            return EMPTY_GAZETTEER
        return self.gazetteer if self.gazetteer is not None else default_gazetteer()

    def content_memo(self):
        """The ``(word, pos) -> content?`` memo shared by the articles of this process."""
        from ..text.stopwords import is_content_token

        memo = self._loaded.get("memo")
        if memo is None:
            memo = self._loaded["memo"] = ContentMemo(is_content_token)
        return memo
