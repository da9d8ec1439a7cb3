"""The live catalog: what the bot answers from, and how a reload replaces it without a gap.

serving.py holds one catalog as it serves (its search index, its starting points); reload.py the
service that reads the data folder, builds the next catalog in a worker thread, stores it and
swaps it in; changes.py what a reload changed.
"""

from bot.core.catalog.changes import Changes
from bot.core.catalog.reload import CatalogService, ReloadResult, read_data_dir
from bot.core.catalog.serving import Catalog

__all__ = ["Catalog", "CatalogService", "Changes", "ReloadResult", "read_data_dir"]
