"""Search from a free-text question to the chapters of the catalog.

One module per concern, each readable alone: index.py builds the word index and answers (the public
SearchIndex), blend.py combines word and meaning scores, semantic.py and minilm.py hold the meaning
part, synonyms.py the moderators' synonyms.
"""

from bot.core.search.searcher import Answer, Match, SearchIndex
from bot.core.search.semantic import VectorCache
from bot.core.search.synonyms import NO_SYNONYMS, Synonyms, load_synonyms

__all__ = ["Answer", "Match", "NO_SYNONYMS", "SearchIndex", "Synonyms", "VectorCache", "load_synonyms"]
