"""Turn Chinese local-government economic reports into checked seed tables.

Stages, one module each: read -> clean -> identify -> extract -> gate -> write.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
