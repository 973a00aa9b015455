"""govai: an offline, bilingual explorer of the facts of international AI governance."""

__version__ = "0.1.0"
