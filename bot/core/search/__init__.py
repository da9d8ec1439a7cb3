"""Search from a free-text question to the chapters of the catalog.

One module per concern, each readable alone: searcher.py answers (the public SearchIndex); index.py
is the immutable word index, which building.py builds (with tokens.py); matching.py reads a question's
words, scoring.py scores and ranks chapters, blend.py combines word and meaning scores and decides with
the model fitted in calibration.py; episode_questions.py names the episode a question asks for; semantic.py,
minilm.py (with onnx_graph.py), vector_cache.py and nearest.py hold the meaning part; synonyms.py the moderators' synonyms.
"""

from bot.core.search.searcher import Answer, Match, SearchIndex
from bot.core.search.synonyms import NO_SYNONYMS, Synonyms, load_synonyms
from bot.core.search.vector_cache import VectorCache

__all__ = ["Answer", "Match", "NO_SYNONYMS", "SearchIndex", "Synonyms", "VectorCache", "load_synonyms"]
